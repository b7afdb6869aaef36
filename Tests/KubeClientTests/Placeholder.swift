import Testing

@Suite struct KubeClientTestsPlaceholder {}

import Testing

@Suite struct KubeCacheTestsPlaceholder {}

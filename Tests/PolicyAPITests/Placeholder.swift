import Testing

@Suite struct PolicyAPITestsPlaceholder {}

import Testing

@Suite struct PolicyCoreTestsPlaceholder {}

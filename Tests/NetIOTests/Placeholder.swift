import Testing

@Suite struct NetIOTestsPlaceholder {}

import KubeClient
import Testing

/// What tells the cached kinds apart outside the process: their watch threads' names.
@Suite struct ResourceKindTests {
    @Test func watchThreadNamesAreDistinctAndFitWhatLinuxKeeps() {
        let names = ResourceKind.allCases.map(\.threadName)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.utf8.count <= 15 })
    }
}

import Testing

@testable import KubeCache

/// The stored pod is what 100,000 pods multiply: rule 8's fields (probes, own default policy) and the phase sit in
/// the bytes after the uid, so a pod takes 56 bytes of the slot array.
@Suite struct StoredPodLayoutTests {
    @Test func storedPodTakesFiftySixBytesOptionalOrNot() {
        #expect(MemoryLayout<StoredPod>.stride == 56)
        #expect(MemoryLayout<StoredPod?>.stride == 56)
    }
}

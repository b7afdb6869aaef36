import PolicyAPI
import Testing
import WebhookRuntime

@Suite struct ManifestReaderTests {
    @Test func yamlScalarsResolveLikeTheCoreSchema() throws {
        let documents = try ManifestReader.documents(in: """
            a: 8080
            b: "8080"
            c: true
            d: ~
            e: 1.5
            f: http
            g: 'yes'
            """)
        let value = try #require(documents.first?.value)
        #expect(value["a"] == .integer(8080))
        #expect(value["b"] == .string("8080"))
        #expect(value["c"] == .bool(true))
        #expect(value["d"] == .null)
        #expect(value["e"] == .double(1.5))
        #expect(value["f"] == .string("http"))
        #expect(value["g"] == .string("yes"))
    }

    @Test func explicitTagsWinOverTheCoreSchema() throws {
        let documents = try ManifestReader.documents(in: """
            port: !!str 8080
            flag: !!str true
            plain: 8080
            """)
        let value = try #require(documents.first?.value)
        #expect(value["port"] == .string("8080"))
        #expect(value["flag"] == .string("true"))
        #expect(value["plain"] == .integer(8080))
    }

    @Test func multipleDocumentsKeepTheirPositionAndSkipEmptyOnes() throws {
        let documents = try ManifestReader.documents(in: "---\nkind: A\n---\n---\nkind: B\n")
        #expect(documents.map(\.index) == [1, 3])
        #expect(documents.map { $0.value["kind"]?.stringValue } == ["A", "B"])
    }

    @Test func jsonDocumentIsRead() throws {
        let documents = try ManifestReader.documents(in: #"  {"kind":"List","items":[]}"#)
        #expect(documents.first?.value["kind"] == .string("List"))
    }

    @Test func invalidYAMLThrowsOneLine() {
        #expect {
            try ManifestReader.documents(in: "a: [\n")
        } throws: { error in
            "\(error)".hasPrefix("not valid YAML or JSON:") && !"\(error)".contains("\n")
        }
    }
}

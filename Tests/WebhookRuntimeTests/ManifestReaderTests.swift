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

    @Test func invalidYAMLKeepsTheParsersWholeMessage() {
        #expect {
            try ManifestReader.documents(in: "kind: Server\nspec: [\n  port: 1\n")
        } throws: { error in
            "\(error)" == """
                not valid YAML: 4:1: error: parser: while parsing a flow sequence in line 2, column 7
                    did not find expected ',' or ']':
                      port: 1
                    ^
                """
        }
    }

    /// Nine levels of nine aliases: 446 bytes that expand to 387 million nodes. Refused before anything walks it.
    static let aliasBomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """

    @Test func aliasBombIsRefusedAtItsFirstAlias() {
        #expect(throws: ManifestReader.ReadError.self) { try ManifestReader.documents(in: Self.aliasBomb) }
        do {
            _ = try ManifestReader.documents(in: Self.aliasBomb)
        } catch {
            #expect(error.description.hasPrefix("line 2: alias *a refused; YAML aliases and anchors are not supported"))
        }
    }

    @Test func plainAliasIsRefusedWithItsNameAndLine() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: &labels {app: web}\n  annotations: *labels\n"
        do {
            _ = try ManifestReader.documents(in: text)
            Issue.record("an alias was accepted")
        } catch {
            #expect(error.description.hasPrefix("line 5: alias *labels refused;"))
        }
    }

    @Test func anchorWithoutAliasIsRead() throws {
        let documents = try ManifestReader.documents(in: "kind: Pod\nmetadata: &m {name: web}\n")
        #expect(documents.first?.value["metadata"]?["name"] == .string("web"))
    }
}

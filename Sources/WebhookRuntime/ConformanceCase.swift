import KubeCache
import PolicyAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One recorded case of the conformance format (`../shared/conformance/README.md`): an inventory, a request and
/// the verdict it must get.
package struct ConformanceCase: Sendable {
    package var name: String
    package var inventory: [JSONValue]
    /// The exact bytes to POST.
    package var body: [UInt8]
    package var expectation: Expectation

    /// What the answer must show.
    package struct Expectation: Sendable {
        package var httpStatus: Int?
        package var isAllowed: Bool?
        package var messageContains: [String]
        package var warningsContain: [String]
        package var warningsNotContain: [String]
    }

    /// Why a case file cannot be used.
    package struct FormatError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Reads a case from its JSON document.
    package init(document: JSONValue, fallbackName: String) throws(FormatError) {
        guard case .object = document else { throw FormatError(description: "a case must be a JSON object") }
        self.name = document["name"]?.stringValue ?? fallbackName
        self.inventory = document["inventory"]?.arrayValue ?? []
        if let raw = document["rawBody"]?.stringValue {
            self.body = Array(raw.utf8)
        } else if let request = document["request"] {
            var writer = JSONWriter(capacity: 4096)
            writer.value(request)
            self.body = writer.bytes
        } else {
            throw FormatError(description: "a case needs request or rawBody")
        }
        guard let expect = document["expect"] else { throw FormatError(description: "a case needs expect") }
        let strings = { (key: String) in (expect[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        self.expectation = Expectation(
            httpStatus: expect["httpStatus"]?.integerValue.map(Int.init),
            isAllowed: expect["allowed"]?.boolValue,
            messageContains: strings("messageContains"),
            warningsContain: strings("warningsContain"),
            warningsNotContain: strings("warningsNotContain")
        )
    }

    /// The reasons an answer fails this case (empty when it passes), judged as the conformance README says.
    package func failures(of answer: AdmissionEndpoint.Answer) -> [String] {
        if let status = self.expectation.httpStatus {
            return answer.status == status ? [] : ["HTTP status \(answer.status), expected \(status)"]
        }
        guard answer.status == 200 else { return ["HTTP status \(answer.status), expected 200"] }
        guard let document = try? JSONDecoding.decode(answer.body), let response = document["response"] else {
            return ["the answer is not an AdmissionReview with a response"]
        }
        var failures: [String] = []
        let requestDocument = try? JSONDecoding.decode(self.body)
        if document["apiVersion"] != requestDocument?["apiVersion"] { failures.append("apiVersion differs from the request's") }
        if document["kind"]?.stringValue != "AdmissionReview" { failures.append("kind is not AdmissionReview") }
        if response["uid"] != requestDocument?["request"]?["uid"] { failures.append("response.uid differs from request.uid") }
        let allowed = response["allowed"]?.boolValue
        if let expected = self.expectation.isAllowed, allowed != expected {
            let message = response["status"]?["message"]?.stringValue ?? ""
            failures.append("allowed=\(allowed.map(String.init) ?? "missing"), expected \(expected)" + (message.isEmpty ? "" : " (\(message))"))
        }
        let message = (response["status"]?["message"]?.stringValue ?? "").lowercased()
        for needle in self.expectation.messageContains where !message.contains(needle.lowercased()) {
            failures.append("message lacks \"\(needle)\"")
        }
        let warnings = (response["warnings"]?.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() }
        for needle in self.expectation.warningsContain where !warnings.contains(where: { $0.contains(needle.lowercased()) }) {
            failures.append("no warning contains \"\(needle)\" (warnings: \(warnings))")
        }
        for needle in self.expectation.warningsNotContain where warnings.contains(where: { $0.contains(needle.lowercased()) }) {
            failures.append("a warning contains \"\(needle)\"")
        }
        return failures
    }
}

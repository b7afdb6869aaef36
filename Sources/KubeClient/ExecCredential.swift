import PolicyAPI

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `client.authentication.k8s.io` ExecCredential exchange with a kubeconfig exec plugin: the request written
/// to the plugin's `KUBERNETES_EXEC_INFO` and the response read from its standard output.
///
/// Pure: bytes in, values or a `KubeClientError.execPlugin` out; running the plugin is `ExecPluginRunner`'s job.
/// Follows the Kubernetes client authentication reference (client-go `pkg/client/auth/exec`): the response must
/// carry the requested apiVersion and `kind: ExecCredential`, and a status with exactly one credential, a bearer
/// token or a PEM client certificate with its key, optionally with an RFC 3339 `expirationTimestamp`.
package enum ExecCredential {
    /// The ExecCredential API versions a plugin may speak (`v1alpha1` was removed from Kubernetes in 1.24).
    package enum APIVersion: String, Sendable, Hashable, CaseIterable {
        case v1 = "client.authentication.k8s.io/v1"
        case v1beta1 = "client.authentication.k8s.io/v1beta1"
    }

    /// What the plugin is told of the cluster when its stanza sets `provideClusterInfo` (`spec.cluster`).
    package struct Cluster: Sendable, Hashable {
        /// The kubeconfig's `server` URL, as written.
        package var server: String
        package var tlsServerName: String?
        package var insecureSkipTLSVerify: Bool
        /// The CA bundle in PEM, whether the kubeconfig inlined it or named a file.
        package var certificateAuthorityData: [UInt8]?
        /// The cluster's `client.authentication.k8s.io/exec` extension, passed through as `config`.
        package var config: JSONValue?

        package init(
            server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
            certificateAuthorityData: [UInt8]? = nil, config: JSONValue? = nil
        ) {
            self.server = server
            self.tlsServerName = tlsServerName
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.certificateAuthorityData = certificateAuthorityData
            self.config = config
        }
    }

    /// The credential a plugin returned.
    package enum Credential: Sendable, Hashable {
        /// Sent as `Authorization: Bearer`.
        case token(String)
        /// Presented in the TLS handshake: a PEM certificate chain (leaf first) and its PEM private key.
        case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8])
    }

    /// A decoded response: the credential and when it expires.
    package struct Status: Sendable, Hashable {
        package var credential: Credential
        /// Seconds since the Unix epoch; nil when the credential does not expire (it is kept for the process life).
        package var expirationTimestamp: Int64?

        package init(credential: Credential, expirationTimestamp: Int64? = nil) {
            self.credential = credential
            self.expirationTimestamp = expirationTimestamp
        }

        /// True while the credential may still be sent at `now` (seconds since the epoch): before its expiry less
        /// `margin` seconds, so that a request is not sent with a token about to lapse in flight.
        package func isUsable(at now: Int64, margin: Int64) -> Bool {
            guard let expiry = self.expirationTimestamp else { return true }
            return now < expiry - margin
        }
    }

    /// The largest response read from a plugin's standard output.
    package static let maximumResponseSize = 1 << 20

    // MARK: - Request

    /// The ExecCredential JSON for `KUBERNETES_EXEC_INFO`: apiVersion, kind, and a spec telling whether the plugin
    /// may interact with the user, plus the cluster when the stanza asks to provide it.
    package static func request(apiVersion: APIVersion, interactive: Bool, cluster: Cluster?) -> String {
        var writer = JSONWriter()
        writer.raw("{\"apiVersion\":")
        writer.string(apiVersion.rawValue)
        writer.raw(",\"kind\":\"ExecCredential\",\"spec\":{")
        if let cluster {
            writer.raw("\"cluster\":{\"server\":")
            writer.string(cluster.server)
            if let name = cluster.tlsServerName, !name.isEmpty {
                writer.raw(",\"tls-server-name\":")
                writer.string(name)
            }
            if cluster.insecureSkipTLSVerify {
                writer.raw(",\"insecure-skip-tls-verify\":true")
            }
            if let data = cluster.certificateAuthorityData, !data.isEmpty {
                writer.raw(",\"certificate-authority-data\":")
                writer.string(Data(data).base64EncodedString())
            }
            if let config = cluster.config {
                writer.raw(",\"config\":")
                writer.value(config)
            }
            writer.raw("},")
        }
        writer.raw("\"interactive\":")
        writer.bool(interactive)
        writer.raw("}}")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    // MARK: - Response

    /// Decodes and checks a plugin's standard output.
    ///
    /// - Throws: `KubeClientError.execPlugin` naming what is wrong: too large, not JSON, another apiVersion or
    ///   kind, no status, no credential or two, half a certificate pair, a token unfit for a header, a bad time.
    package static func parse(
        _ bytes: [UInt8], expecting apiVersion: APIVersion, maximumSize: Int = Self.maximumResponseSize
    ) throws(KubeClientError) -> Status {
        guard bytes.count <= maximumSize else {
            throw .execPlugin("the response exceeds \(maximumSize) bytes")
        }
        let root: JSONValue
        do {
            root = try JSONDecoding.decode(bytes)
        } catch {
            throw .execPlugin("the response is not JSON: \(error.reason)")
        }
        guard root.objectValue != nil else {
            throw .execPlugin("the response must be a JSON object, found \(root.typeName)")
        }
        guard let version = root["apiVersion"]?.stringValue else { throw .execPlugin("the response has no apiVersion") }
        guard version == apiVersion.rawValue else {
            let found = version.escapingControlCharacters
            throw .execPlugin("the response's apiVersion \"\(found)\" is not the requested \(apiVersion.rawValue)")
        }
        guard let kind = root["kind"]?.stringValue, kind == "ExecCredential" else {
            let found = root["kind"]?.stringValue.map { "\"\($0.escapingControlCharacters)\"" } ?? "missing"
            throw .execPlugin("the response's kind is \(found), not ExecCredential")
        }
        guard let status = root["status"], status.objectValue != nil else {
            throw .execPlugin("the response has no status object")
        }
        let token = try Self.string(status, "token")
        let certificate = try Self.string(status, "clientCertificateData")
        let key = try Self.string(status, "clientKeyData")
        let credential: Credential
        switch (token, certificate, key) {
        case (let token?, nil, nil):
            try Self.check(token: token)
            credential = .token(token)
        case (nil, let certificate?, let key?):
            guard certificate.contains("-----BEGIN CERTIFICATE-----") else {
                throw .execPlugin("status.clientCertificateData is not a PEM certificate")
            }
            guard key.contains("-----BEGIN "), key.contains("PRIVATE KEY-----") else {
                throw .execPlugin("status.clientKeyData is not a PEM private key")
            }
            credential = .clientCertificate(certificatePEM: Array(certificate.utf8), keyPEM: Array(key.utf8))
        case (nil, nil, nil):
            throw .execPlugin("the status has neither a token nor clientCertificateData and clientKeyData")
        case (nil, _?, nil):
            throw .execPlugin("the status has clientCertificateData without clientKeyData")
        case (nil, nil, _?):
            throw .execPlugin("the status has clientKeyData without clientCertificateData")
        case (_?, _, _):
            throw .execPlugin("the status has both a token and a client certificate; exactly one is expected")
        }
        var expiration: Int64?
        if let value = status["expirationTimestamp"], !value.isNull {
            guard let text = value.stringValue else {
                throw .execPlugin("status.expirationTimestamp must be a string, found \(value.typeName)")
            }
            guard let seconds = Self.seconds(rfc3339: text) else {
                let found = text.escapingControlCharacters
                throw .execPlugin("status.expirationTimestamp \"\(found)\" is not an RFC 3339 time")
            }
            expiration = seconds
        }
        return Status(credential: credential, expirationTimestamp: expiration)
    }

    /// A status member that must be a string when present; an empty string counts as absent, as in client-go.
    private static func string(_ status: JSONValue, _ key: String) throws(KubeClientError) -> String? {
        guard let value = status[key], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw .execPlugin("status.\(key) must be a string, found \(value.typeName)")
        }
        return text.isEmpty ? nil : text
    }

    /// A bearer token goes into a header line: visible ASCII only, so it can neither break the line nor smuggle
    /// another header in.
    private static func check(token: String) throws(KubeClientError) {
        guard token.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .execPlugin("status.token holds a space, a control character or a non-ASCII byte")
        }
    }

    // MARK: - Time

    /// Seconds since the Unix epoch of an RFC 3339 date-time (`2026-12-07T15:04:05Z`, `…05.123+01:00`); fractions
    /// of a second are dropped. Nil when the text is not one or names an impossible date. Not Foundation's
    /// `Date.ISO8601FormatStyle`: it rolls impossible dates over (February 29 of 2026, 24:00) and takes `+0100`
    /// and trailing spaces, which an expiry from a plugin must not be read from.
    package static func seconds(rfc3339 text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        /// The decimal number of `count` digits at `start`, or nil.
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == UInt8(ascii: "-"), let month = number(5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = number(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            bytes[16] == UInt8(ascii: ":"), let second = number(17, 2)
        else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let hours = number(index + 1, 2), bytes[index + 3] == UInt8(ascii: ":"),
                let minutes = number(index + 4, 2), hours <= 23, minutes <= 59
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return nil
        }
        let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...daysInMonth[month - 1]).contains(day), hour <= 23, minute <= 59,
            second <= 60
        else { return nil }
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the era-based civil-date conversion).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

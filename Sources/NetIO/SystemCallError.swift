import Glibc

/// A system call failed with a real errno (EINTR is retried and EAGAIN is a value, never this error).
package struct SystemCallError: Error, Hashable, CustomStringConvertible {
    /// The call that failed, e.g. `bind`.
    package let call: String
    package let errno: Int32
    private let location: String

    private init(call: String, errno: Int32, location: String) {
        self.call = call
        self.errno = errno
        self.location = location
    }

    /// The error for `call` with the current (or given) errno.
    package static func failed(
        _ call: String,
        errno: Int32 = Glibc.errno,
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        Self(call: call, errno: errno, location: "\(file):\(line)")
    }

    /// The same failure with a different call name (for context, such as the address).
    package static func invalidArgument(_ what: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(call: what, errno: EINVAL, location: "\(file):\(line)")
    }

    /// A wait passed its deadline (`ClientConnection` reports it as `ETIMEDOUT`).
    package var isTimeout: Bool { self.errno == ETIMEDOUT }

    /// The caller cancelled a wait (`ClientConnection` reports it as `ECANCELED`).
    package var isCancellation: Bool { self.errno == ECANCELED }

    package var description: String {
        "\(self.call): \(String(cString: strerror(self.errno))) (errno \(self.errno), \(self.location))"
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.call == rhs.call && lhs.errno == rhs.errno }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(self.call)
        hasher.combine(self.errno)
    }
}

/// The outcome of a non-blocking call: done with a value, or the kernel would have blocked (EAGAIN).
package enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

extension IOResult: Sendable where Value: Sendable {}

/// Rule 4's warning for a reference to a Server the cache does not hold (it may be created later, so it only warns).
package enum MissingServerWarning {
    /// The longest warning produced.
    package static let maximumLength = 120

    /// `spec.server.name: Server "web" not found in namespace "shop"; ...`, kept under 120 characters, or nil when
    /// the Server is cached or the cache is not synced (so absence means nothing).
    package static func text(
        at path: FieldPath, name: String, context: ValidationContext
    ) -> String? {
        guard context.snapshot.isSynced,
            context.snapshot.server(namespace: context.namespace, name: name) == nil
        else { return nil }
        let long =
            "\(path): Server \(Quote.value(name)) not found in namespace \(Quote.value(context.namespace)); "
            + "it applies once the Server exists"
        if long.count < Self.maximumLength { return long }
        let short = "\(path): Server \(Quote.value(name)) not found in namespace \(Quote.value(context.namespace))"
        if short.count < Self.maximumLength { return short }
        return "Server \(Quote.value(String(name.prefix(60)))) not found"
    }
}

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
        if Self.fits(long) { return long }
        let short = "\(path): Server \(Quote.value(name)) not found in namespace \(Quote.value(context.namespace))"
        if Self.fits(short) { return short }
        return "Server \(Quote.value(String(name.prefix(60)))) not found"
    }

    /// Whether the text has fewer than `maximumLength` characters; counted only when its UTF-8 size (never fewer
    /// bytes than characters) does not already say so, since counting characters walks the whole text.
    private static func fits(_ text: String) -> Bool {
        text.utf8.count < Self.maximumLength || text.count < Self.maximumLength
    }
}

/// The openAPIV3Schema of ServerAuthorization v1alpha1 and v1beta1 (identical; linkerd2
/// charts/linkerd-crds/templates/policy/serverauthorization.yaml), without the oneOfs rule 2 checks itself.
///
/// `server.selector` is `.any` (`LabelSelectorRules` checks it) and `client.networks` is `.any` (`Network` checks it).
enum ServerAuthorizationSchema {
    /// An identity string: the CRD pattern, DNS-like with an optional leading `*` label (no SPIFFE IDs).
    static let identity = StringConstraint(
        format: StringFormat(allowed: MeshIdentity.dnsLikeAllowed, isValid: { MeshIdentity.isDNSLike($0) })
    )

    /// The whole object.
    static let schema: Schema = .object(
        [
            "spec": .object(
                [
                    "server": .object([
                        "name": .string(StringConstraint(format: .dnsLabel)),
                        "selector": .any,
                    ]),
                    "client": .object([
                        "networks": .any,
                        "unauthenticated": .boolean,
                        "meshTLS": .object([
                            "unauthenticatedTLS": .boolean,
                            "identities": .array(items: .string(Self.identity)),
                            "serviceAccounts": .array(
                                items: .object(
                                    [
                                        "name": .string(StringConstraint(format: .dnsLabel)),
                                        "namespace": .string(StringConstraint(format: .dnsLabel)),
                                    ],
                                    required: ["name"]
                                )
                            ),
                        ]),
                    ]),
                ],
                required: ["server", "client"]
            )
        ],
        required: ["spec"]
    )
}

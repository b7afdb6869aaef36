// swift-tools-version:6.0
// linkerd-policy-webhook: a validating admission webhook for Linkerd's policy resources.
//
// The target graph is the architecture: PolicyAPI, PolicyCore, KubeCache, HTTP1Codec and WebhookMetrics are
// pure (standard library and FoundationEssentials only); NetIO and KubeClient do I/O; WebhookRuntime wires
// them; PolicyWebhook is the command.
import PackageDescription

// Linux only: NetIO is built on epoll and accept4, and the locks and clocks below it on Glibc. Saying so here gives
// one clear message instead of a macOS build that fails deep inside a target.
#if !os(Linux)
#error("linkerd-policy-webhook builds on Linux only (epoll, Glibc); build it in the Dockerfile's image on other systems")
#endif

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "linkerd-policy-webhook",
    products: [
        .executable(name: "linkerd-policy-webhook", targets: ["PolicyWebhook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Signals and ordered graceful shutdown (UnixSignals, ServiceGroup); pulls swift-async-algorithms, no SwiftNIO.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Runs kubeconfig exec credential plugins (KubeClient only); swift-system, which it builds on, for FilePath.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // MARK: - C shims
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CNetShims"),
        // Interposes malloc to count allocations in the in-process benchmarks; linked into PolicyBench only.
        .target(name: "CAllocationCounter"),

        // MARK: - Pure targets
        // The ASCII classes and case-insensitive comparisons PolicyCore and HTTP1Codec share.
        .target(name: "ByteText", swiftSettings: strictSettings),
        .target(name: "PolicyAPI", swiftSettings: strictSettings),
        .target(name: "KubeCache", dependencies: ["PolicyAPI"], swiftSettings: strictSettings),
        .target(name: "PolicyCore", dependencies: ["ByteText", "PolicyAPI", "KubeCache"], swiftSettings: strictSettings),
        .target(name: "HTTP1Codec", dependencies: ["ByteText"], swiftSettings: strictSettings),
        .target(name: "WebhookMetrics", swiftSettings: strictSettings),

        // MARK: - I/O targets
        .target(
            name: "NetIO",
            dependencies: ["COpenSSL", "CNetShims", "HTTP1Codec", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KubeClient",
            dependencies: [
                "NetIO", "HTTP1Codec", "PolicyAPI", "KubeCache", "Yams",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "WebhookRuntime",
            dependencies: [
                "PolicyAPI", "PolicyCore", "KubeCache", "HTTP1Codec", "WebhookMetrics", "NetIO", "KubeClient", "Yams",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "PolicyWebhook",
            dependencies: [
                "WebhookRuntime", "NetIO", "PolicyCore", "PolicyAPI", "KubeCache", "Yams",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings,
            // Idle memory of the release build: relocations packed (DT_RELR: the binary needs glibc 2.36, Debian
            // bookworm, or newer) instead of RELA entries read at every start, and no symbol exported (the static
            // stdlib's link arguments export all of ours, which the dynamic loader then searches). lld ships with
            // the toolchain.
            linkerSettings: [
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
                    .when(platforms: [.linux], configuration: .release)
                ),
            ]
        ),

        .executableTarget(
            name: "PolicyBench",
            dependencies: [
                "CAllocationCounter", "PolicyAPI", "PolicyCore", "KubeCache", "HTTP1Codec", "WebhookRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "PolicyFuzz",
            dependencies: ["HTTP1Codec", "PolicyAPI", "PolicyCore", "KubeCache", "KubeClient", "WebhookRuntime"],
            swiftSettings: strictSettings
        ),

        // MARK: - Tests
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
        // The heap bytes in use (glibc mallinfo2), for the cache benchmarks' memory figures.
        .target(name: "CHeapStats", path: "Tests/CHeapStats"),
        .testTarget(name: "ByteTextTests", dependencies: ["ByteText"], swiftSettings: strictSettings),
        .testTarget(name: "PolicyAPITests", dependencies: ["PolicyAPI"], swiftSettings: strictSettings),
        .testTarget(
            name: "PolicyCoreTests",
            dependencies: ["PolicyCore", "PolicyAPI", "KubeCache"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "KubeCacheTests", dependencies: ["KubeCache", "PolicyAPI"], swiftSettings: strictSettings),
        .testTarget(name: "HTTP1CodecTests", dependencies: ["HTTP1Codec"], swiftSettings: strictSettings),
        .testTarget(name: "WebhookMetricsTests", dependencies: ["WebhookMetrics"], swiftSettings: strictSettings),
        .testTarget(name: "NetIOTests", dependencies: ["NetIO", "HTTP1Codec", "COpenSSL", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "KubeClientTests",
            dependencies: [
                "KubeClient", "KubeCache", "PolicyAPI", "NetIO", "HTTP1Codec", "PolicyCore", "WebhookRuntime", "WebhookMetrics",
                "COpenSSL", "CHeapStats",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WebhookRuntimeTests",
            dependencies: ["WebhookRuntime", "PolicyCore", "PolicyAPI", "KubeCache", "Yams", "WebhookMetrics",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "WebhookRuntime", "NetIO", "PolicyAPI", "PolicyCore", "HTTP1Codec", "WebhookMetrics", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)

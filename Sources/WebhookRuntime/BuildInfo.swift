import WebhookMetrics

/// What was built: constants shown by the `build_info` gauge.
///
/// SwiftPM passes no values from the build into the source, so the commit is not known here; the version is the
/// chart's `appVersion`, changed with it.
package enum BuildInfo {
    /// The release version (the chart's `appVersion`).
    package static let version = ConstantLabel("0.1.0")

    /// The Swift compiler that built the binary, to its minor version.
    package static let swiftVersion: ConstantLabel = {
        #if compiler(>=7.0)
        return ConstantLabel("7.0+")
        #elseif compiler(>=6.4)
        return ConstantLabel("6.4")
        #elseif compiler(>=6.3)
        return ConstantLabel("6.3")
        #elseif compiler(>=6.2)
        return ConstantLabel("6.2")
        #else
        return ConstantLabel("6.1-")
        #endif
    }()
}

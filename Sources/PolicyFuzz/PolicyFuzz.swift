// PolicyFuzz: coverage-guided fuzz targets over every parser that reads untrusted bytes, and their regression
// runner.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (see mk/hardening.mk), `main` hands control to libFuzzer's
// driver and `LLVMFuzzerTestOneInput` feeds each input to the target named by `FUZZ_TARGET`. Built normally, the
// same executable replays files and folders through a target, so a crash found by a fuzzing run can be replayed
// by a plain debug build. Relations: bytes -> [ FuzzTarget ] -> parser under test -> invariant checks (a failed
// check traps, which libFuzzer records as a crash).

#if canImport(Glibc)
import Glibc
#endif

/// The command: `PolicyFuzz` under libFuzzer, or `PolicyFuzz TARGET PATH...` as a regression runner.
@main
struct PolicyFuzz {
    static func main() {
        #if FUZZING
        exit(FuzzDriver.run())
        #else
        exit(RegressionRunner.run(arguments: Array(CommandLine.arguments.dropFirst())))
        #endif
    }
}

#if FUZZING
/// libFuzzer's entry point: one input through the target chosen by `FUZZ_TARGET`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzDriver.target.run(bytes)
    return 0
}

/// libFuzzer's library entry, `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*cb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver with the process arguments (`-max_total_time=`, corpus folders, ...).
enum FuzzDriver {
    /// The target named by `FUZZ_TARGET`; an unknown name stops the process before any input runs.
    static let target: FuzzTarget = {
        let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            fatalError("set FUZZ_TARGET to one of: \(names)")
        }
        return target
    }()

    static func run() -> CInt {
        _ = Self.target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput)
    }
}
#endif

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver, from `libclang_rt.fuzzer_no_main` (linked by `scripts/fuzz`).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The code under test; set once by `fuzzMain` before the driver starts.
nonisolated(unsafe) private var fuzzBody: ((UnsafeBufferPointer<UInt8>) -> Void)?

/// Runs libFuzzer with the process's arguments, calling `body` with each input, and exits
/// with the driver's status. A trap in `body` is a libFuzzer "deadly signal" crash.
public func fuzzMain(_ body: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    fuzzBody = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        fuzzBody!(UnsafeBufferPointer(start: size == 0 ? nil : data, count: size))
        return 0
    }
    exit(status)
}

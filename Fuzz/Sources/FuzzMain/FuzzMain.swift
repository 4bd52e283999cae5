import CLibFuzzer
import Foundation

/// Runs libFuzzer's driver (the command line is libFuzzer's: options, corpus folders or
/// reproducer files) on `test`, the target's `LLVMFuzzerTestOneInput`, and exits with its status.
///
/// SwiftPM links an executable's `main` to the module's Swift entry point (`--defsym` on
/// Linux), so a target without one does not link, and libFuzzer's own `main` is never used;
/// each target's `@main` calls this instead.
public func runLibFuzzer(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
}

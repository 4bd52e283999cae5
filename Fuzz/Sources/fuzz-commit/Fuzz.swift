// fuzz-commit: the commit decoder (`CommitContent(decoding:)` through `SignedCommit.decode()`),
// the first thing run on every commit that arrives in a bundle or a sync batch. The input is
// the commit's bytes as signed; the signature is not checked (a valid one cannot be forged).

import CuerdaCore
import FuzzMain

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let content: CommitContent
    do { content = try SignedCommit(bytes: bytes, signature: []).decode() } catch { return 0 }  // CuerdaError
    // Whatever decodes re-encodes canonically: encoding, decoding and encoding again gives the
    // same bytes (compared as bytes, since a NaN value is not equal to itself).
    let canonical = content.encoded()
    let again: CommitContent
    do { again = try CommitContent(decoding: canonical) } catch {
        fatalError("a decoded commit re-encodes to bytes that do not decode: \(error)")
    }
    guard again.encoded() == canonical else { fatalError("a decoded commit does not re-encode canonically") }
    return 0
}

@main
enum FuzzCommitMain {
    static func main() { runLibFuzzer { data, size in fuzz(data!, size) } }
}

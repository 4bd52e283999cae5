// fuzz-bundle: the bundle reader (`BundleReader(bytes:)`, then `forEachBatch`, then each
// commit's `decode()`), on files an attacker controls.
//
// A bundle's trailer signature covers every byte before it, so random changes to a real file
// stop at check 10 (`badSignature`) and never reach the body. The first input byte therefore
// picks one of three modes (its value modulo 3), the rest of the input being:
//
// - 0, `file`: a whole bundle file, as read from disk.
// - 1, `unsigned`: a bundle file without its 64-byte trailer; the harness signs it with the
//   fuzzing key (`FuzzKey`), so that a header naming that key as sender passes the signature
//   check and the fuzzer reaches the body: the deflate stream, the records, the commits.
// - 2, `body`: one byte of claimed commit count, then the decompressed body (records
//   `varint length | commit | signature`); the harness deflates it and writes a signed file
//   around it, so that the fuzzer works on the records, not on the compressed stream.

import Crypto
import CuerdaCore
import FuzzMain

@testable import CuerdaStore

/// The fuzzing key (32 bytes of 7): also the sender of the `unsigned` and `body` seeds that
/// `fuzz-seeds` writes.
let fuzzKey = try! DeviceKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
let fuzzWorkspace = try! WorkspaceID(bytes: [UInt8](repeating: 0x5a, count: 16))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let rest = Array(input.dropFirst())
    let file: [UInt8]
    switch input[0] % 3 {
    case 0: file = rest
    case 1: file = rest + Array(fuzzKey.sign(Array(SHA256.hash(data: rest))))
    default:
        guard let count = rest.first else { return 0 }
        let body = Array(rest.dropFirst())
        let header = BundleHeader(
            workspace: fuzzWorkspace, sender: fuzzKey.id, audiences: [.all], base: VersionVector(),
            commitCount: UInt64(count), bodyLength: UInt64(body.count), created: 0, schema: [])
        let deflater = Deflater()
        deflater.write(body)
        let encodedHeader = header.encoded()
        let n = UInt32(encodedHeader.count)
        var unsigned = BundleFormat.magic + [0, 1, 0, 0]
        unsigned += [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)]
        unsigned += encodedHeader + deflater.finish()
        file = unsigned + Array(fuzzKey.sign(Array(SHA256.hash(data: unsigned))))
    }
    readBundle(file)
    return 0
}

/// Reads the file as `cuerda import` does before applying anything; every refusal is a
/// `CuerdaError` (typed throws), which is the expected outcome for bad input.
func readBundle(_ file: [UInt8]) {
    do {
        let reader = try BundleReader(bytes: file)
        _ = try? reader.header.charter
        var seen: UInt64 = 0
        try reader.forEachBatch(maxCommits: 16) { batch throws(CuerdaError) in
            for commit in batch {
                seen += 1
                _ = try? commit.decode()
            }
        }
        // The reader promised exactly the header's count when it did not throw.
        guard seen == reader.header.commitCount else {
            fatalError("the reader handed over \(seen) commits; the header says \(reader.header.commitCount)")
        }
    } catch {
        return
    }
}

@main
enum FuzzBundleMain {
    static func main() { runLibFuzzer { data, size in fuzz(data!, size) } }
}

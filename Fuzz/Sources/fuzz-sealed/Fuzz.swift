// fuzz-sealed: the parts of the sealed-bundle and join-request readers that run on untrusted
// bytes before any secret key is involved, on every input:
//
// - `SealedBundle.parse` (internal: prefix, limits, header with its recipients), then
//   `SealedBundle.open` as the fuzzing key, which checks the sender's signature and, for the
//   seeds sealed to that key, unwraps the content key and decrypts the body;
// - `JoinRequest(decoding:)` (JSON, hex, the name's rules, the signature).

import CuerdaCore
import Foundation
import FuzzMain

@testable import CuerdaStore

/// The fuzzing key (32 bytes of 7), to which the `fuzz-seeds` sealed files are sealed.
let fuzzKey = try! DeviceKey(rawRepresentation: [UInt8](repeating: 7, count: 32))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let (header, headerEnd) = try? SealedBundle.parse(bytes) {
        guard headerEnd <= bytes.count - 72, !header.recipients.isEmpty, header.nonce.count == 12 else {
            fatalError("parse accepted a sealed file that breaks its own limits")
        }
        if let (opened, plain) = try? SealedBundle.open(bytes, as: fuzzKey) {
            guard opened == header else { fatalError("open and parse disagree on the header") }
            _ = try? BundleReader(bytes: plain)
        }
    }
    if let request = try? JoinRequest(decoding: Data(bytes)) {
        guard (1...100).contains(request.name.count) else { fatalError("a join request with a bad name was accepted") }
    }
    return 0
}

@main
enum FuzzSealedMain {
    static func main() { runLibFuzzer { data, size in fuzz(data!, size) } }
}

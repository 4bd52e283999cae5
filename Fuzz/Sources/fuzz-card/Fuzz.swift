// fuzz-card: the canonical report-card text (`SealedCard(canonical:)`), which arrives in a
// reveal from the other side and is untrusted. The input is read as UTF-8 (invalid sequences
// become U+FFFD, as `String(decoding:as:)` does).

import Alignment
import CuerdaCore
import FuzzMain

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let card: SealedCard
    do { card = try SealedCard(canonical: text) } catch { return 0 }  // a CuerdaError: refused, as it should be
    // A card that parsed has exactly one spelling, and that spelling parses to the same card.
    guard card.canonicalText == text, (try? SealedCard(canonical: card.canonicalText)) == card else {
        fatalError("a parsed card does not round-trip through its canonical text")
    }
    return 0
}

@main
enum FuzzCardMain {
    static func main() { runLibFuzzer { data, size in fuzz(data!, size) } }
}

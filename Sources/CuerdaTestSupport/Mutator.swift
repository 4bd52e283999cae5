import Foundation

/// A small mutation fuzzer for untrusted input: takes valid bytes (a commit, a bundle, a
/// frame, a card) and damages them in the ways that find parser bugs. Driven by a seeded
/// generator, so a failing input is replayed from its seed.
public enum Mutator {
    /// Bytes at the edges of signed, unsigned and varint ranges.
    public static let interesting: [UInt8] = [0x00, 0x01, 0x0A, 0x20, 0x22, 0x2C, 0x7F, 0x80, 0x81, 0xC0, 0xFE, 0xFF]

    /// A varint that does not fit 64 bits: nine continuation bytes, then 1.
    public static let largeVarint: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]

    /// `bytes` with 1–4 random mutations: a flipped bit, an interesting byte, inserted random
    /// bytes, a deleted or duplicated range, a cut, a range spliced from one of `others`, or a
    /// huge varint written over.
    public static func mutate<G: RandomNumberGenerator>(_ bytes: [UInt8], others: [[UInt8]] = [], using rng: inout G)
        -> [UInt8]
    {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) { mutateOnce(&bytes, others: others, using: &rng) }
        return bytes
    }

    /// Iterations per seed for a fuzz target: `defaultCount`, or `CUERDA_FUZZ` (iterations per
    /// target) shared out over the target's seeds.
    public static func iterations(_ defaultCount: Int, seeds: Int = 1) -> Int {
        guard let text = ProcessInfo.processInfo.environment["CUERDA_FUZZ"], let total = Int(text), total > 0 else {
            return defaultCount
        }
        return (total + max(1, seeds) - 1) / max(1, seeds)
    }

    /// Lower-case hex, for failure messages.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    private static func mutateOnce<G: RandomNumberGenerator>(_ bytes: inout [UInt8], others: [[UInt8]], using rng: inout G) {
        let count = bytes.count
        // A random range inside the bytes, at most `limit` long (count > 0).
        func range(_ limit: Int) -> Range<Int> {
            let start = Int.random(in: 0..<count, using: &rng)
            return start..<(start + Int.random(in: 1...min(limit, count - start), using: &rng))
        }
        switch count == 0 ? 2 : Int.random(in: 0..<8, using: &rng) {
        case 0:
            bytes[Int.random(in: 0..<count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        case 1:
            bytes[Int.random(in: 0..<count, using: &rng)] = interesting.randomElement(using: &rng)!
        case 2:
            let inserted = (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.insert(contentsOf: inserted, at: Int.random(in: 0...count, using: &rng))
        case 3:
            bytes.removeSubrange(range(32))
        case 4:
            let copy = bytes[range(64)]
            bytes.insert(contentsOf: copy, at: Int.random(in: 0...count, using: &rng))
        case 5:
            bytes.removeLast(Int.random(in: 1...count, using: &rng))
        case 6:
            var other = others.randomElement(using: &rng) ?? bytes
            if other.isEmpty { other = bytes }
            let start = Int.random(in: 0..<other.count, using: &rng)
            let piece = other[start..<(start + Int.random(in: 1...min(64, other.count - start), using: &rng))]
            let at = Int.random(in: 0...count, using: &rng)
            bytes.replaceSubrange(at..<min(count, at + (Bool.random(using: &rng) ? piece.count : 0)), with: piece)
        default:
            let at = Int.random(in: 0..<count, using: &rng)
            bytes.replaceSubrange(at..<min(count, at + largeVarint.count), with: largeVarint)
        }
    }
}

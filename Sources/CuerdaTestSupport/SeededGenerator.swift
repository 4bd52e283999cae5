import Foundation

/// A repeatable random number generator (SplitMix64): the same seed gives the same schedule,
/// so a failing random test can be replayed from the seed it prints.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Seeds for a test: `count` fixed ones, or the single one in `CUERDA_SEED` to replay a failure.
    public static func seeds(_ count: Int, salt: UInt64 = 0) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["CUERDA_SEED"], let seed = UInt64(text) { return [seed] }
        return (0..<UInt64(count)).map { $0 &* 0x2545_F491_4F6C_DD1D &+ salt }
    }

    /// A count scaled by `CUERDA_SOAK` (e.g. `CUERDA_SOAK=50` runs fifty times as many).
    public static func soak(_ count: Int) -> Int {
        let factor = ProcessInfo.processInfo.environment["CUERDA_SOAK"].flatMap(Int.init) ?? 1
        return count * max(1, factor)
    }
}

import CuerdaCore
import CuerdaTestSupport
import Testing

/// `Value.order` is the order of the `max` merge policy: every replica must pick the same
/// largest value, so it has to be a total order that depends on nothing but the bits.
@Suite struct ValueOrderTests {
    /// Values where orders usually go wrong: signed zeros, NaNs of both signs, infinities,
    /// integers beyond a double's precision, text that Unicode calls equal, empty blobs.
    static let awkward: [Value] = [
        .null, .integer(.min), .integer(-1), .integer(0), .integer(1), .integer(1 << 53), .integer((1 << 53) + 1),
        .integer(.max), .real(-.infinity), .real(-0.0), .real(0.0), .real(0.5), .real(1.0), .real(0x1p53),
        .real(0x1p63), .real(-0x1p63), .real(.infinity), .real(.nan), .real(-.nan), .real(.leastNonzeroMagnitude),
        .text(""), .text("2026-06-30"), .text("2026-07-01"), .text("e\u{301}"), .text("\u{e9}"), .text("Z"), .text("a"),
        .blob([]), .blob([0]), .blob([0, 0]), .blob([255]),
    ]

    static func values(seed: UInt64) -> [Value] {
        var rng = SeededGenerator(seed: seed)
        return awkward + (0..<60).map { _ in RandomWorkload.value(using: &rng) }
    }

    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(4), salt: 40))
    func isATotalOrder(seed: UInt64) {
        let values = Self.values(seed: seed)
        for a in values {
            #expect(Value.order(a, a) == 0, "\(a) is not equal to itself (seed \(seed))")
            for b in values {
                let ab = Value.order(a, b)
                #expect(ab == -Value.order(b, a), "\(a) vs \(b) is not antisymmetric (seed \(seed))")
                #expect((ab == 0) == (a == b), "\(a) and \(b): order 0 must mean equal (seed \(seed))")
            }
        }
        // Sorting with it and checking every later element is not smaller shows transitivity
        // on these values.
        let sorted = values.sorted { Value.order($0, $1) < 0 }
        for i in sorted.indices {
            for j in sorted.indices where j > i {
                #expect(Value.order(sorted[i], sorted[j]) <= 0, "\(sorted[i]) after \(sorted[j]) (seed \(seed))")
            }
        }
    }

    @Test func comparesNumbersExactlyAndEverythingByItsBits() {
        let cases: [(Value, Value)] = [
            (.null, .integer(.min)),
            (.real(-.nan), .real(-.infinity)),
            (.real(-.nan), .integer(.min)),
            (.integer(.max), .real(0x1p63)),  // Int64.max rounds to 2^63 as a double, yet is smaller
            (.real(0x1p53), .integer((1 << 53) + 1)),
            (.integer(1), .real(1.0)),  // equal values: the integer first
            (.real(-0.0), .real(0.0)),
            (.real(.infinity), .real(.nan)),
            (.integer(.max), .real(.nan)),
            (.real(.nan), .text("")),
            (.text("2026-06-30"), .text("2026-07-01")),
            (.text("Z"), .text("a")),
            (.text("e\u{301}"), .text("\u{e9}")),  // canonically equivalent, different bytes
            (.text("\u{10FFFF}"), .blob([])),
            (.blob([0]), .blob([0, 0])),
        ]
        for (smaller, larger) in cases {
            #expect(Value.order(smaller, larger) == -1, "\(smaller) < \(larger)")
            #expect(Value.order(larger, smaller) == 1, "\(larger) > \(smaller)")
        }
    }

    @Test func maxKeepsTheLargestValueWhateverTheClock() {
        let (early, late) = ((hlc: UInt64(1), device: DeviceKey().id), (hlc: UInt64(2), device: DeviceKey().id))
        let (june, july) = (Value.text("2026-06-30"), Value.text("2026-07-31"))
        #expect(MergePolicy.max.replaces(july, at: early, current: june, at: late))
        #expect(!MergePolicy.max.replaces(june, at: late, current: july, at: early))
        #expect(MergePolicy.lww.replaces(june, at: late, current: july, at: early))
        // Equal values: the clock decides, as for LWW, so the winner's clock is the same everywhere.
        #expect(MergePolicy.max.replaces(july, at: late, current: july, at: early))
    }
}

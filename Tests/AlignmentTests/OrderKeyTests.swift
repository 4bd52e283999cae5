import Alignment
import CuerdaTestSupport
import Testing

@Suite struct OrderKeyTests {
    /// Random inserts between neighbours always land strictly between them and stay valid.
    @Test(arguments: [1, 2, 3, 4, 5])
    func insertsLandBetweenTheirNeighbours(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var keys: [String] = []
        for _ in 0..<400 {
            let slot = Int.random(in: 0...keys.count, using: &random)
            let lower = slot > 0 ? keys[slot - 1] : nil
            let upper = slot < keys.count ? keys[slot] : nil
            let key = OrderKey.between(lower, upper)
            #expect(OrderKey.isValid(key), "seed \(seed): \(key)")
            if let lower { #expect(lower < key, "seed \(seed): \(lower) < \(key)") }
            if let upper { #expect(key < upper, "seed \(seed): \(key) < \(upper)") }
            keys.insert(key, at: slot)
        }
        #expect(keys == keys.sorted(), "seed \(seed)")
    }
}

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

@Suite struct OrderKeyAppendTests {
    /// Appended keys increase, stay valid and leave room after the last one and before the first.
    @Test(arguments: [nil, "V", "zzy", "1"] as [String?])
    func appendedKeysIncrease(after last: String?) {
        let keys = OrderKey.after(last, count: 50)
        #expect(keys.count == 50)
        let chain = [last].compactMap { $0 } + keys
        #expect(zip(chain, chain.dropFirst()).allSatisfy { $0 < $1 }, "\(keys)")
        #expect(keys.allSatisfy(OrderKey.isValid))
        let first = OrderKey.between(nil, keys[0])
        #expect(first < keys[0] && OrderKey.isValid(first))
    }
}

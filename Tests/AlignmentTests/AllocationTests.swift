import Alignment
import CuerdaCore
import CuerdaTestSupport
import Testing

@Suite struct AllocationTests {
    /// Random totals and weights: the parts sum exactly to the total, each is within one unit
    /// of its exact share, and the units left over went to the largest remainders.
    @Test func partsSumExactlyAndStayWithinOneUnitOfTheirShare() throws {
        for seed in SeededGenerator.seeds(30, salt: 3) {
            var random = SeededGenerator(seed: seed)
            for _ in 0..<200 {
                let count = Int.random(in: 1...12, using: &random)
                let weights = (0..<count).map { _ in
                    Bool.random(using: &random)
                        ? Int64.random(in: 0...9, using: &random) : Int64.random(in: 0...1_000_000_000, using: &random)
                }
                let total = Int64.random(in: -Money.maxMinorUnits...Money.maxMinorUnits, using: &random)
                let parts = try Allocation.largestRemainder(total, weights: weights)
                try Self.checkLargestRemainder(total, weights: weights, parts: parts, seed: seed)
            }
        }
    }

    /// The oracle: with exact shares total × w / Σw (computed in 128 bits), every part is its
    /// share's floor or floor + 1 (toward the total's sign), the parts sum to the total, and no
    /// part that got the extra unit had a smaller remainder than one that did not.
    static func checkLargestRemainder(_ total: Int64, weights: [Int64], parts: [Int64], seed: UInt64) throws {
        #expect(parts.count == weights.count, "seed \(seed)")
        #expect(parts.reduce(Int128(0)) { $0 + Int128($1) } == Int128(total), "seed \(seed): \(parts) ≠ \(total)")
        let effective = weights.allSatisfy { $0 == 0 } ? weights.map { _ in Int64(1) } : weights
        let sum = effective.reduce(Int128(0)) { $0 + Int128($1) }
        let magnitude = Int128(total.magnitude)
        var raised: [Int128] = []
        var kept: [Int128] = []
        for (part, weight) in zip(parts, effective) {
            let exact = magnitude * Int128(weight)
            let floor = exact / sum
            let remainder = exact % sum
            let unsigned = Int128(part.magnitude)
            #expect(total == 0 || part == 0 || (part < 0) == (total < 0), "seed \(seed): sign of \(part)")
            #expect(unsigned == floor || unsigned == floor + 1, "seed \(seed): \(part) vs share \(floor) + \(remainder)/\(sum)")
            if unsigned == floor + 1 { raised.append(remainder) } else { kept.append(remainder) }
        }
        if let smallestRaised = raised.min(), let largestKept = kept.max() {
            #expect(smallestRaised >= largestKept, "seed \(seed): a smaller remainder got the extra unit")
        }
    }

    @Test func zeroWeightsSplitEvenlyAndTiesGoToTheEarlierPart() throws {
        #expect(try Allocation.largestRemainder(10, weights: [0, 0, 0]) == [4, 3, 3])
        #expect(try Allocation.largestRemainder(11, weights: [1, 1, 1]) == [4, 4, 3])
        #expect(try Allocation.largestRemainder(100, weights: [0, 5, 0]) == [0, 100, 0])
        #expect(try Allocation.largestRemainder(0, weights: [3, 7]) == [0, 0])
    }

    @Test func aNegativeTotalSplitsItsMagnitudeNegated() throws {
        #expect(try Allocation.largestRemainder(-10, weights: [1, 1, 1]) == [-4, -3, -3])
        var random = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let weights = (0..<Int.random(in: 1...8, using: &random)).map { _ in Int64.random(in: 0...1000, using: &random) }
            let total = Int64.random(in: 1...1_000_000_000, using: &random)
            #expect(
                try Allocation.largestRemainder(-total, weights: weights)
                    == Allocation.largestRemainder(total, weights: weights).map { -$0 }, "seed 7: \(total) \(weights)")
        }
    }

    @Test func nothingToSplitAcrossOrANegativeWeightIsRefused() {
        #expect(throws: CuerdaError.self) { try Allocation.largestRemainder(10, weights: []) }
        #expect(throws: CuerdaError.self) { try Allocation.largestRemainder(10, weights: [1, -1]) }
    }

    @Test func theEvenMethodIgnoresPotentials() throws {
        #expect(try Allocation.split(100, method: .even, potentials: [90, 5, 5]) == [34, 33, 33])
        #expect(try Allocation.split(100, method: .potential, potentials: [90, 5, 5]) == [90, 5, 5])
    }

    /// Closing a gap: whatever the quotas and the target, quotas plus the gap's parts sum
    /// exactly to the target, by either method.
    @Test func splittingTheGapMakesQuotasSumToTheTarget() throws {
        for seed in SeededGenerator.seeds(20, salt: 5) {
            var random = SeededGenerator(seed: seed)
            let groups = Int.random(in: 1...9, using: &random)
            let quotas = (0..<groups).map { _ in Int64.random(in: 0...5_000_000_000, using: &random) }
            let potentials = (0..<groups).map { _ in Int64.random(in: 0...5_000_000_000, using: &random) }
            let target = Int64.random(in: 0...50_000_000_000, using: &random)
            let gap = target - quotas.reduce(0, +)
            for method in SplitMethod.allCases {
                let parts = try Allocation.split(gap, method: method, potentials: potentials)
                #expect(zip(quotas, parts).map { $0 + $1 }.reduce(0, +) == target, "seed \(seed), \(method)")
                try Self.checkLargestRemainder(
                    gap, weights: method == .even ? potentials.map { _ in 1 } : potentials, parts: parts, seed: seed)
            }
        }
    }
}

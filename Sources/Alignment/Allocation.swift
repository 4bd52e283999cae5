import CuerdaCore

/// How a whole is split into parts (a quota across customer groups, a gap across customers).
public enum SplitMethod: String, Sendable, Codable, NamedChoice {
    public static let choiceName = "a split method"

    /// Equal parts.
    case even
    /// Parts proportional to each recipient's revenue potential.
    case potential
}

/// Splitting integer amounts into integer parts that sum exactly to the whole.
public enum Allocation {
    /// Splits `total` in proportion to `weights` by the largest-remainder method.
    ///
    /// Every part first gets the floor of its exact share; the units left over go one each
    /// to the parts with the largest remainders, ties to the earlier part. The parts
    /// therefore sum exactly to `total`, and no part is more than one unit from its exact
    /// share. A negative total splits its magnitude and negates the parts (a gap can be
    /// negative when quota exceeds target). When every weight is zero the split is even.
    ///
    /// - Throws: ``CuerdaError`` `.invalidArgument` if there are no parts or a weight is negative.
    /// - Complexity: O(n log n) for n parts.
    public static func largestRemainder(_ total: Int64, weights: [Int64]) throws(CuerdaError) -> [Int64] {
        guard !weights.isEmpty else { throw CuerdaError(.invalidArgument, "nothing to split the amount across") }
        guard weights.allSatisfy({ $0 >= 0 }) else { throw CuerdaError(.invalidArgument, "a weight is negative") }
        guard total != .min else { throw CuerdaError(.invalidArgument, "the amount to split is out of range") }
        let weights = weights.allSatisfy { $0 == 0 } ? weights.map { _ in Int64(1) } : weights
        var sum: UInt64 = 0
        for weight in weights {
            let (next, overflow) = sum.addingReportingOverflow(UInt64(weight))
            guard !overflow else { throw CuerdaError(.invalidArgument, "the weights are out of range") }
            sum = next
        }
        let magnitude = total.magnitude
        var parts: [UInt64] = []
        var remainders: [(remainder: UInt64, index: Int)] = []
        for (index, weight) in weights.enumerated() {
            // Exact floor(magnitude × weight / sum) through a 128-bit intermediate.
            let product = magnitude.multipliedFullWidth(by: UInt64(weight))
            let (quotient, remainder) = sum.dividingFullWidth(product)
            parts.append(quotient)
            remainders.append((remainder, index))
        }
        var left = magnitude - parts.reduce(0, +)
        for entry in remainders.sorted(by: { ($0.remainder, $1.index) > ($1.remainder, $0.index) }) where left > 0 {
            parts[entry.index] += 1
            left -= 1
        }
        return parts.map { total < 0 ? -Int64($0) : Int64($0) }
    }

    /// Splits `total` by `method`: `weights` are the potentials, used by `.potential`.
    public static func split(_ total: Int64, method: SplitMethod, potentials weights: [Int64]) throws(CuerdaError)
        -> [Int64]
    {
        try largestRemainder(total, weights: method == .even ? weights.map { _ in 1 } : weights)
    }
}

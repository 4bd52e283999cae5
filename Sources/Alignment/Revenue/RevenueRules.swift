import CuerdaCore
import CuerdaStore
import Foundation

/// The checks that practices 3 and 5 share: names, amounts, currencies and who may write.
///
/// Every write checks here first, so that bad input or the wrong team gets one clear line
/// and the replica stays unchanged; the schema's writer rules remain the authority that
/// every replica enforces on sync.
enum RevenueRules {
    /// A customer group or customer name, trimmed. Row IDs join names with `/`, so a name
    /// may not contain one (otherwise `group "a/b"` and `group "a", customer "b"` would meet).
    static func name(_ text: String, _ what: String) throws(CuerdaError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw CuerdaError(.invalidArgument, "the \(what) is empty") }
        guard !trimmed.contains("/") else {
            throw CuerdaError(.invalidArgument, "'\(text)' cannot be a \(what): it contains '/'")
        }
        return trimmed
    }

    /// Refuses negative amounts and amounts too large to add up safely.
    static func amount(_ money: Money, _ what: String) throws(CuerdaError) {
        guard money.minorUnits >= 0 else { throw CuerdaError(.invalidArgument, "\(what) \(money) is negative") }
        guard money.minorUnits <= Money.maxMinorUnits else {
            throw CuerdaError(.invalidArgument, "\(what) \(money) is too large")
        }
    }

    /// The single currency of `amounts` (nil when there are none).
    /// - Throws: `.invalidArgument` naming the currencies when they are mixed.
    static func currency(of amounts: some Sequence<Money>, in what: String) throws(CuerdaError) -> Currency? {
        let codes = Set(amounts.map(\.currency))
        guard codes.count <= 1 else {
            let names = codes.map(\.code).sorted().joined(separator: " and ")
            throw CuerdaError(
                .invalidArgument, "\(what) mixes currencies (\(names)): revenue figures must share one currency")
        }
        return codes.first
    }

    /// The exact sum of amounts of one currency.
    /// - Throws: `.invalidArgument` if the sum overflows.
    static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(CuerdaError) -> Money {
        var total: Int64 = 0
        for amount in amounts {
            let (sum, overflow) = total.addingReportingOverflow(amount.minorUnits)
            guard !overflow else { throw CuerdaError(.invalidArgument, "the amounts add up to more than can be counted") }
            total = sum
        }
        return Money(minorUnits: total, currency: currency)
    }

    /// `part` as a percentage of `whole`, rounded to hundredths; nil when `whole` is zero.
    static func percent(_ part: Int64, of whole: Int64) -> Double? {
        guard whole != 0 else { return nil }
        return (Double(part) / Double(whole) * 10_000).rounded() / 100
    }

    /// `amount` split evenly (largest remainder) over the months of `period`: `month`'s part.
    ///
    /// Monthly targets and monthly quota shares both come from here, so they follow one rule.
    static func monthlyShare(of amount: Money, over period: Period, for month: Month) -> Money? {
        let months = period.months
        guard let index = months.firstIndex(of: month),
            let parts = try? Allocation.largestRemainder(amount.minorUnits, weights: months.map { _ in 1 })
        else { return nil }
        return Money(minorUnits: parts[index], currency: amount.currency)
    }

    /// `part` as a percentage of `whole`, when both are known.
    static func percent(_ part: Money?, of whole: Money?) -> Double? {
        guard let part, let whole else { return nil }
        return percent(part.minorUnits, of: whole.minorUnits)
    }

    /// A row ID made of the parts of a fact's natural key, so that two people recording the
    /// same fact offline write the same row and merge.
    static func rowID(_ parts: String?...) -> String { parts.compactMap { $0 }.joined(separator: "/") }
}

extension Money {
    /// The difference of two amounts of one currency (a variance, a gap). Amounts are at
    /// most ``Money/maxMinorUnits`` and sums are checked, so it cannot overflow.
    static func - (a: Money, b: Money) -> Money {
        Money(minorUnits: a.minorUnits - b.minorUnits, currency: a.currency)
    }
}

extension AlignmentReplica {
    /// Refuses an amount whose currency differs from the revenue figures already recorded.
    func requireRevenueCurrency(_ currency: Currency) throws(CuerdaError) {
        let used = Set(try RevenueBook(self).allAmounts.map(\.currency))
        guard used.isEmpty || used.contains(currency) else {
            let names = used.map(\.code).sorted().joined(separator: ", ")
            throw CuerdaError(
                .invalidArgument,
                "the revenue figures of this workspace are in \(names), not \(currency): use --currency \(names)")
        }
    }
}

import Alignment
import ArgumentParser
import CuerdaCore
import Foundation

/// Parsing and printing shared by the revenue commands (targets, potentials, quotas,
/// actuals, the review and action items), so they read and print figures alike.
enum Revenue {
    /// An amount typed on the command line, in the chosen currency.
    static func amount(_ text: String, _ currency: CurrencyOption) throws -> Money {
        try Money(parsing: text, currency: try currency.resolve())
    }

    /// `1,250.00 EUR`, or `-` when there is no figure.
    static func money(_ money: Money?) -> String { money?.description ?? "-" }

    /// `82.35%`, or `-` when there is no percentage (no target).
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0) } ?? "-" }

    /// A ten-cell attainment bar and the rounded percentage: `████████░░ 82%`. A full bar
    /// means the target is reached; beyond it only the number grows.
    static func bar(_ attainment: Double?) -> String {
        guard let attainment else { return "-" }
        let filled = min(10, max(0, Int((attainment / 10).rounded(.down))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
            + " \(Int(attainment.rounded()))%"
    }

    /// The variance and its percentage, without the currency (reports name it once): `-180,000.00 (-18.00%)`.
    static func variance(_ result: RevenueResult) -> String {
        guard let variance = result.variance else { return "-" }
        return "\(variance.formatted) (\(percent(result.variancePercent)))"
    }

    /// The text of a file to import.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CuerdaError(.io, "cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CuerdaError(.invalidArgument, "\(path) is not UTF-8 text")
        }
        return text
    }

    /// This month, from the local clock: the default month an action item is opened in.
    static func thisMonth() throws -> Month { Day(Date()).month }
}

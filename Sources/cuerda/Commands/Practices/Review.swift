import Alignment
import ArgumentParser
import CuerdaCore

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "The monthly revenue review: target vs actual, commentary.",
        discussion: """
            Marketing and sales review each month together: target against actual, variance \
            and attainment, the year to date, each customer group against its quota, each \
            side's commentary, and the joint action items (last month's open ones first).
            """,
        subcommands: [Show.self, Note.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the review of a month.",
            discussion: """
                Variance = actual - target; variance % = variance / target x 100; attainment = \
                actual / target x 100. Commentary from both sides is required when |variance %| \
                exceeds the threshold.

                Example:
                  cuerda review show --month 2026-03 --threshold 10
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM")) var month: String
        @Option(help: ArgumentHelp("Require commentary above this |variance %|.", valueName: "percent"))
        var threshold: Double = 10
        @OptionGroup var output: OutputOptions

        func run() throws {
            let review = try replica.openPractices().monthlyReview(try Month(parsing: month), threshold: threshold)
            if output.json { return try Output.json(encoding: review) }
            print("Revenue review \(review.month) (\(review.currency))")
            print("")
            Output.table(
                ["PERIOD", "TARGET", "ACTUAL", "VARIANCE", "ATTAINMENT"],
                [
                    row(review.month.description + (review.targetFrom.map { " (target from \($0))" } ?? ""), review.result),
                    row("Year to date", review.yearToDate),
                ])
            if !review.groups.isEmpty {
                print("")
                Output.table(
                    ["GROUP", "QUOTA SHARE", "ACTUAL", "VARIANCE", "ATTAINMENT"],
                    review.groups.map {
                        row($0.group + ($0.quotaFrom.map { " (quota \($0))" } ?? ""), $0.result)
                    })
            }
            if let gap = review.quotaGap { print("Quota gap this month (target - quota shares): \(gap)") }
            print("")
            if review.commentaryRequired {
                print(
                    "Commentary required: variance \(Revenue.percent(review.result.variancePercent)) is beyond "
                        + "±\(Revenue.percent(review.threshold))")
            }
            for note in review.notes { print("\(note.side.rawValue): \(note.note)") }
            for side in review.missingCommentary { print("\(side.rawValue): (commentary missing)") }
            print("")
            if review.actions.isEmpty { return print("No action items.") }
            print("Action items (\(review.carriedOver.count) carried over, \(review.openedThisMonth.count) from this month):")
            ActionCommand.table(review.actions)
        }

        private func row(_ label: String, _ result: RevenueResult) -> [String] {
            [
                label, result.target?.formatted ?? "-", result.actual.formatted, Revenue.variance(result),
                Revenue.bar(result.attainmentPercent),
            ]
        }
    }

    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write (or replace) your side's commentary on a month.",
            discussion: """
                The side is your team; each side keeps one note per month.

                Example:
                  cuerda review note --month 2026-03 --text "Two Retail deals slipped to April; pipeline intact"
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM")) var month: String
        @Option(help: ArgumentHelp("The commentary.", valueName: "text")) var text: String

        func run() throws {
            let note = try replica.openPractices().writeReviewNote(text, month: try Month(parsing: month))
            print("Wrote the \(note.side.rawValue) note on \(note.month)")
        }
    }
}

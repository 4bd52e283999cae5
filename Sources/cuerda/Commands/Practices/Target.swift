import Alignment
import ArgumentParser
import CuerdaCore

struct TargetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "target", abstract: "Revenue targets per period (marketing leads).",
        discussion: """
            Marketing owns the overall revenue target. A period is a year (2026), a half \
            (2026-H1), a quarter (2026-Q2) or a month (2026-03). A month's target is its own if \
            set, else its even share (largest remainder) of the smallest enclosing quarter, half \
            or year that has one.
            """,
        subcommands: [SetTarget.self, Show.self])

    struct SetTarget: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set (or replace) the revenue target of a period (marketing leads only).",
            discussion: """
                Example:
                  cuerda target set --period 2026 --amount 12,000,000 --currency EUR
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("2026, 2026-H1, 2026-Q2 or 2026-03.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("The target, e.g. 12,000,000 or 1250.50.", valueName: "amount")) var amount: String
        @OptionGroup var currency: CurrencyOption

        func run() throws {
            let period = try Period(parsing: period)
            let target = try replica.openPractices().setTarget(try Revenue.amount(amount, currency), for: period)
            print("Set the \(target.period) revenue target to \(target.amount)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the targets set, or one period's target month by month.",
            discussion: """
                Examples:
                  cuerda target show
                  cuerda target show --period 2026-Q2 --json
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("A period to break down by month.", valueName: "period")) var period: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let report = try replica.openPractices().targetReport(for: try period.map(Period.init(parsing:)))
            if output.json { return try Output.json(encoding: report) }
            guard let period = report.period else {
                if report.targets.isEmpty { return print("No revenue targets yet (set one with `cuerda target set`).") }
                return Output.table(["PERIOD", "TARGET"], report.targets.map { [$0.period.description, $0.amount.description] })
            }
            print("Target for \(period): \(Revenue.money(report.total))")
            Output.table(
                ["MONTH", "TARGET", "FROM"],
                report.months.map { [$0.month.description, $0.amount.description, $0.derivedFrom.description] })
        }
    }
}

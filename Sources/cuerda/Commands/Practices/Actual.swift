import Alignment
import ArgumentParser
import CuerdaCore

struct ActualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actual", abstract: "Actual revenue per month and customer group.",
        discussion: """
            Sales or leadership record the revenue booked each month per customer group. \
            Recording a month and group again replaces the figure.
            """,
        subcommands: [Record.self, ImportCSV.self, List.self])

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record (or correct) a group's actual revenue for a month.",
            discussion: """
                Example:
                  cuerda actual record --month 2026-03 --group Retail --amount 820,000
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM")) var month: String
        @Option(help: ArgumentHelp("The customer group.", valueName: "name")) var group: String
        @Option(help: ArgumentHelp("The revenue booked.", valueName: "amount")) var amount: String
        @OptionGroup var currency: CurrencyOption

        func run() throws {
            let actual = try replica.openPractices().recordActual(
                try Revenue.amount(amount, currency), month: try Month(parsing: month), group: group)
            print("Recorded \(actual.amount) for \(actual.group) in \(actual.month)")
        }
    }

    struct ImportCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import actuals from a CSV file (all rows or none).",
            discussion: """
                Header row: month,customer_group,amount[,currency]. Quote amounts with thousands \
                separators. If any row is wrong, nothing is imported and the error names its line.

                Example:
                  cuerda actual import actuals-2026-03.csv
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"), completion: .file(extensions: ["csv"])) var file: String
        @OptionGroup var currency: CurrencyOption

        func run() throws {
            let imported = try replica.openPractices().importActuals(
                csv: try Revenue.read(file), currency: try currency.resolve())
            print("Imported \(imported.count) actuals from \(file)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List actual revenue, by month and customer group.",
            discussion: "Example:\n  cuerda actual list --month 2026-03 --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("Only this month.", valueName: "YYYY-MM")) var month: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let actuals = try replica.openPractices().actuals(in: try month.map(Month.init(parsing:)))
            if output.json { return try Output.json(encoding: actuals) }
            Output.table(
                ["MONTH", "GROUP", "ACTUAL"], actuals.map { [$0.month.description, $0.group, $0.amount.description] })
        }
    }
}

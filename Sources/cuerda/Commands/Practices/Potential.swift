import Alignment
import ArgumentParser
import CuerdaCore

struct PotentialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "potential", abstract: "Revenue potential per customer group and customer (sales).",
        discussion: """
            Sales sizes what each customer group, and each customer in it, can bring in a period. \
            A group's potential is its own figure if recorded, else the sum of its customers'. \
            Quotas can only go to groups and customers with a potential.
            """,
        subcommands: [SetPotential.self, List.self, ImportCSV.self])

    struct SetPotential: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Record (or replace) the potential of a customer group or customer.",
            discussion: """
                Example:
                  cuerda potential set --period 2026 --group Retail --customer "Acme Stores" --amount 1,500,000
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("2026, 2026-H1, 2026-Q2 or 2026-03.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("The customer group.", valueName: "name")) var group: String
        @Option(help: ArgumentHelp("A customer of the group (omit for the group).", valueName: "name")) var customer: String?
        @Option(help: ArgumentHelp("The potential, e.g. 1,500,000.", valueName: "amount")) var amount: String
        @OptionGroup var currency: CurrencyOption

        func run() throws {
            let period = try Period(parsing: period)
            let potential = try replica.openPractices().setPotential(
                try Revenue.amount(amount, currency), period: period, group: group, customer: customer)
            let who = potential.customer.map { "\($0) (\(potential.group))" } ?? potential.group
            print("Recorded the \(potential.period) potential of \(who): \(potential.amount)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a period's potentials by customer group and customer.",
            discussion: "Example:\n  cuerda potential list --period 2026 --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The period.", valueName: "period")) var period: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let report = try replica.openPractices().potentialReport(for: try Period(parsing: period))
            if output.json { return try Output.json(encoding: report) }
            print("Potential for \(report.period): \(Revenue.money(report.total))")
            Output.table(
                ["GROUP", "CUSTOMER", "POTENTIAL"],
                report.groups.flatMap { group in
                    [[group.group, group.recorded ? "(group)" : "(sum of customers)", group.potential.description]]
                        + group.customers.map { [group.group, $0.customer, $0.potential.description] }
                })
        }
    }

    struct ImportCSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import potentials from a CSV file (all rows or none).",
            discussion: """
                Header row: period,customer_group,customer,amount[,currency]. An empty customer \
                is the group's own potential. Quote amounts with thousands separators. If any \
                row is wrong, nothing is imported and the error names its line.

                Example:
                  cuerda potential import potentials-2026.csv --currency EUR
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file"), completion: .file(extensions: ["csv"])) var file: String
        @OptionGroup var currency: CurrencyOption

        func run() throws {
            let imported = try replica.openPractices().importPotentials(
                csv: try Revenue.read(file), currency: try currency.resolve())
            print("Imported \(imported.count) potentials from \(file)")
        }
    }
}

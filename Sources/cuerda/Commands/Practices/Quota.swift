import Alignment
import ArgumentParser
import CuerdaCore

struct QuotaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota", abstract: "Quota allocation and the gap to the target (sales).",
        discussion: """
            Sales allocates quota to customer groups and customers. Splits use the largest \
            remainder, so parts always add up exactly to the whole; a method is even or \
            potential (proportional to potentials). The gap is the period's target minus the \
            sum of the group quotas; `close-gap` splits it across the groups.
            """,
        subcommands: [SetQuota.self, Split.self, CloseGap.self, Show.self])

    struct SetQuota: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Set one group's (or customer's) quota by hand.",
            discussion: """
                Example:
                  cuerda quota set --period 2026 --group Retail --amount 4,500,000
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The period.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("The customer group.", valueName: "name")) var group: String
        @Option(help: ArgumentHelp("A customer of the group (omit for the group).", valueName: "name")) var customer: String?
        @Option(help: ArgumentHelp("The quota.", valueName: "amount")) var amount: String
        @OptionGroup var currency: CurrencyOption

        func run() throws {
            let report = try replica.openPractices().setQuota(
                try Revenue.amount(amount, currency), period: try Period(parsing: period), group: group, customer: customer)
            print("Set the \(report.period) quota of \(customer.map { "\($0) (\(group))" } ?? group); \(gapLine(report))")
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a total across the customer groups, or a group's quota across its customers.",
            discussion: """
                With --total, every customer group of the period gets a part of the total; with \
                --group, that group's quota is split across its customers. The parts add up \\
                exactly to the whole.

                Examples:
                  cuerda quota split --period 2026 --total 11,000,000 --method potential
                  cuerda quota split --period 2026 --group Retail --method even
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The period.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("A total to split across the groups.", valueName: "amount")) var total: String?
        @Option(help: ArgumentHelp("A group whose quota to split across its customers.", valueName: "name")) var group: String?
        @Option(help: ArgumentHelp("even or potential.", valueName: "method"), completion: .list(["even", "potential"]))
        var method: String
        @OptionGroup var currency: CurrencyOption

        func validate() throws {
            guard (total == nil) != (group == nil) else { throw ValidationError("give either --total or --group") }
        }

        func run() throws {
            let practices = try replica.openPractices()
            let period = try Period(parsing: period)
            let method = try SplitMethod(parsing: method)
            if let group {
                let report = try practices.splitGroupQuota(period: period, group: group, method: method)
                let customers = report.groups.first { $0.group == group }?.customers.count ?? 0
                print("Split the \(period) quota of \(group) across \(customers) customers (\(method.rawValue))")
            } else if let total {
                let report = try practices.splitQuota(try Revenue.amount(total, currency), period: period, method: method)
                print(
                    "Split \(report.quota) across \(report.groups.count) customer groups (\(method.rawValue)); \(gapLine(report))"
                )
            }
        }
    }

    struct CloseGap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-gap", abstract: "Split the gap to the target across the groups so quotas sum to it.",
            discussion: """
                The gap (target minus the group quotas) is split across the customer groups by \
                the method and added to their quotas; a negative gap lowers them.

                Example:
                  cuerda quota close-gap --period 2026 --method potential
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The period.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("even or potential.", valueName: "method"), completion: .list(["even", "potential"]))
        var method: String

        func run() throws {
            let practices = try replica.openPractices()
            let period = try Period(parsing: period)
            let before = try practices.quotaReport(for: period)
            let after = try practices.closeQuotaGap(period: period, method: try SplitMethod(parsing: method))
            guard let gap = before.gap, gap.minorUnits != 0 else {
                return print("No gap to close in \(period): \(gapLine(after))")
            }
            print("Closed the \(period) gap of \(gap) across \(after.groups.count) customer groups; \(gapLine(after))")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a period's quotas: groups, customers, potential, quota, share and the gap.",
            discussion: """
                A group's share is its quota as a percentage of the target; a customer's, of its \
                group's quota.

                Example:
                  cuerda quota show --period 2026 --json
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The period.", valueName: "period")) var period: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let report = try replica.openPractices().quotaReport(for: try Period(parsing: period))
            if output.json { return try Output.json(encoding: report) }
            print("Quotas for \(report.period) (\(report.currency)): \(gapLine(report))")
            Output.table(
                ["GROUP", "CUSTOMER", "POTENTIAL", "QUOTA", "SHARE", "METHOD"],
                report.groups.flatMap { group in
                    [
                        [
                            group.group, "", Revenue.money(group.potential), Revenue.money(group.quota),
                            Revenue.percent(group.sharePercent), group.method?.rawValue ?? "-",
                        ]
                    ]
                        + group.customers.map { customer in
                            [
                                group.group, customer.customer, Revenue.money(customer.potential),
                                Revenue.money(customer.quota), Revenue.percent(customer.sharePercent),
                                customer.method?.rawValue ?? "-",
                            ]
                        }
                        + (group.unallocated.map { [[group.group, "(unallocated)", "", $0.description, "", ""]] } ?? [])
                })
        }
    }
}

/// `target 12,000,000.00 EUR, quotas 11,000,000.00 EUR, gap 1,000,000.00 EUR`: quotas are
/// never printed without the gap.
private func gapLine(_ report: QuotaReport) -> String {
    "target \(Revenue.money(report.target)), quotas \(report.quota), gap \(Revenue.money(report.gap))"
}

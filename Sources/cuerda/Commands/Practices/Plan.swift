import Alignment
import ArgumentParser

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Marketing plan items, the sales actions derived from them, coverage.",
        discussion: """
            Marketing writes a period's plan items in order; sales derives its actions from them; \
            coverage lists the items no sales action carries yet. An item is named by its ID or \
            any unique start of it.
            """,
        subcommands: [Add.self, Move.self, Show.self, Derive.self, Coverage.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an item at the end of a period's marketing plan (marketing).",
            discussion: """
                Example:
                  cuerda plan add --period 2026-Q1 --priority 1 --product "Cuerda Pro" \\
                    --channel partners --segment retail --expect "Two demos per region"
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The plan's period.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("1 is the most important.", valueName: "n")) var priority: Int
        @Option(help: ArgumentHelp("The product.", valueName: "text")) var product: String
        @Option(help: ArgumentHelp("The channel that sells it.", valueName: "text")) var channel: String
        @Option(help: ArgumentHelp("The customer segment.", valueName: "text")) var segment: String
        @Option(name: .customLong("expect"), help: ArgumentHelp("The sales actions marketing expects.", valueName: "text"))
        var expected: String

        func run() throws {
            let item = try replica.openPractices().addPlanItem(
                period: Period(parsing: period), priority: priority, product: product, channel: channel, segment: segment,
                expected: expected)
            print("Added plan item \(item.shortID) to \(item.period): \(item.product) via \(item.channel)")
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a plan item within its period's plan (marketing).",
            discussion: """
                Writes one new order key, so a colleague's offline moves of other items are kept too.

                Examples:
                  cuerda plan move 3f2a --before 9c1b
                  cuerda plan move 3f2a --to-top
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The item's ID or a unique start of it.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Put it just before this item.", valueName: "id")) var before: String?
        @Option(help: ArgumentHelp("Put it just after this item.", valueName: "id")) var after: String?
        @Flag(help: "Put it first.") var toTop = false
        @Flag(help: "Put it last.") var toBottom = false

        func validate() throws {
            let given = [before != nil, after != nil, toTop, toBottom].filter { $0 }.count
            guard given == 1 else { throw ValidationError("give exactly one of --before, --after, --to-top, --to-bottom") }
        }

        func run() throws {
            let placement: PlanPlacement =
                if let before { .before(before) } else if let after { .after(after) } else if toTop { .top } else { .bottom }
            let practices = try replica.openPractices()
            let moved = try practices.planItem(id)
            let plan = try practices.movePlanItem(moved.id, placement)
            let position = (plan.items.firstIndex { $0.id == moved.id } ?? 0) + 1
            print("Moved plan item \(moved.shortID) to position \(position) of \(plan.items.count) in \(plan.period)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a period's marketing plan in order, each item's sales actions beneath it.",
            discussion: "Examples:\n  cuerda plan show --period 2026-Q1\n  cuerda plan show --period 2026-Q1 --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The plan's period.", valueName: "period")) var period: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let plan = try replica.openPractices().plan(Period(parsing: period))
            if output.json { return try Output.json(encoding: plan) }
            var rows: [[String]] = []
            for (n, item) in plan.items.enumerated() {
                rows.append(PlanCommand.row(item, number: n + 1))
                for action in item.actions {
                    let due = action.due.map { ", due \($0)" } ?? ""
                    rows.append([
                        "↳", action.shortID, "", "", "", "", "\(action.account): \(action.action) (\(action.owner)\(due))",
                    ])
                }
                if item.actions.isEmpty { rows.append(["↳", "", "", "", "", "", "(no sales action yet)"]) }
            }
            Output.table(PlanCommand.header + ["EXPECTED / SALES ACTIONS"], rows)
        }
    }

    struct Derive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive a sales action from a marketing plan item (sales).",
            discussion: """
                Example:
                  cuerda plan derive 3f2a --account "Retail North" --action "Partner demo" \\
                    --owner Sara --due 2026-03-31
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The plan item's ID or a unique start of it.", valueName: "item")) var item: String
        @Option(help: ArgumentHelp("An account or customer group.", valueName: "text")) var account: String
        @Option(help: ArgumentHelp("What sales will do.", valueName: "text")) var action: String
        @Option(help: ArgumentHelp("An active member's name.", valueName: "name")) var owner: String
        @Option(help: ArgumentHelp("The due date.", valueName: "YYYY-MM-DD")) var due: String

        func run() throws {
            let derived = try replica.openPractices().deriveSalesAction(
                from: item, account: account, action: action, owner: owner, due: Day(parsing: due))
            print(
                "Derived sales action \(derived.shortID) from plan item \(AlignmentReplica.short(derived.planItem)) for \(derived.account)"
            )
        }
    }

    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the marketing items of a period that no sales action covers.",
            discussion: "Examples:\n  cuerda plan coverage --period 2026-Q1\n  cuerda plan coverage --period 2026-Q1 --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The plan's period.", valueName: "period")) var period: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let practices = try replica.openPractices()
            let report = try practices.coverage(Period(parsing: period))
            if output.json { return try Output.json(encoding: report) }
            print("\(report.covered) of \(report.total) plan items of \(report.period) have a sales action")
            guard !report.uncovered.isEmpty else { return }
            let numbers = try practices.plan(report.period).items.map(\.id)
            Output.table(
                PlanCommand.header + ["EXPECTED"],
                report.uncovered.map { PlanCommand.row($0, number: (numbers.firstIndex(of: $0.id) ?? 0) + 1) })
        }
    }

    static let header = ["#", "ID", "PRIORITY", "PRODUCT", "CHANNEL", "SEGMENT"]

    /// An item's line in the plan and coverage tables.
    static func row(_ item: PlanItem, number: Int) -> [String] {
        ["\(number)", item.shortID, "\(item.priority)", item.product, item.channel, item.segment, item.expected]
    }
}

import Alignment
import ArgumentParser
import CuerdaCore

struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action", abstract: "Joint action items: owner, due date, status, source.",
        discussion: """
            Action items come out of reviews, report-card needs and disputes. Each has one owner \
            (a member, by name), a due date and a status: open, done or dropped. An item is \
            named by its ID or any unique start of it.
            """,
        subcommands: [Add.self, Update.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a joint action item.",
            discussion: """
                The item is opened in --opened, else the month of a review:MONTH source, else this month.

                Example:
                  cuerda action add --title "Call back the Retail leads" --owner Sara --due 2026-04-30 --source review:2026-03
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("What is to be done.", valueName: "text")) var title: String
        @Option(help: ArgumentHelp("The member who owns it, by name.", valueName: "name")) var owner: String
        @Option(help: ArgumentHelp("The due date.", valueName: "YYYY-MM-DD")) var due: String
        @Option(help: ArgumentHelp("review:YYYY-MM, need:ID, dispute:ID or manual.", valueName: "source"))
        var source = "manual"
        @Option(help: ArgumentHelp("The month it is opened in.", valueName: "YYYY-MM")) var opened: String?

        func run() throws {
            let source = try ActionSource(parsing: source)
            let opened: Month
            if let text = self.opened {
                opened = try Month(parsing: text)
            } else if case .review(let month) = source {
                opened = month
            } else {
                opened = try Revenue.thisMonth()
            }
            let item = try replica.openPractices().addActionItem(
                title: title, owner: owner, due: try Day(parsing: due), source: source, opened: opened)
            print("Opened action item \(item.shortID) for \(item.owner) (\(item.team.rawValue)), due \(item.due)")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an action item's status, owner, due date or title.",
            discussion: """
                Example:
                  cuerda action update 3f2a --status done
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The item's ID or a unique start of it.", valueName: "id")) var id: String
        @Option(
            help: ArgumentHelp("open, done or dropped.", valueName: "status"), completion: .list(["open", "done", "dropped"]))
        var status: String?
        @Option(help: ArgumentHelp("A new owner, by name.", valueName: "name")) var owner: String?
        @Option(help: ArgumentHelp("A new due date.", valueName: "YYYY-MM-DD")) var due: String?
        @Option(help: ArgumentHelp("A new title.", valueName: "text")) var title: String?

        func validate() throws {
            guard status != nil || owner != nil || due != nil || title != nil else {
                throw ValidationError("give at least one of --status, --owner, --due or --title")
            }
        }

        func run() throws {
            let item = try replica.openPractices().updateActionItem(
                id, status: try status.map(ActionStatus.init(parsing:)), owner: owner, due: try due.map(Day.init(parsing:)),
                title: title)
            print("Updated action item \(item.shortID): \(item.status.rawValue), \(item.owner), due \(item.due)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List action items, oldest first.",
            discussion: "Example:\n  cuerda action list --status open --owner Sara --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(
            help: ArgumentHelp("open, done or dropped.", valueName: "status"), completion: .list(["open", "done", "dropped"]))
        var status: String?
        @Option(help: ArgumentHelp("Only this owner's items.", valueName: "name")) var owner: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let items = try replica.openPractices().actionItems(
                status: try status.map(ActionStatus.init(parsing:)), owner: owner)
            if output.json { return try Output.json(encoding: items) }
            if items.isEmpty { return print("No action items.") }
            ActionCommand.table(items)
        }
    }

    /// Action items as a table, in the order given.
    static func table(_ items: [ActionItem]) {
        Output.table(
            ["ID", "TITLE", "OWNER", "TEAM", "DUE", "STATUS", "SOURCE", "OPENED"],
            items.map {
                [
                    $0.shortID, $0.title, $0.owner, $0.team.rawValue, $0.due.description, $0.status.rawValue,
                    $0.source.description, $0.opened.description,
                ]
            })
    }
}

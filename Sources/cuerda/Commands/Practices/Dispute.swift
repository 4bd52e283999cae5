import Alignment
import ArgumentParser
import Foundation

struct DisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute", abstract: "Disputes over who decides what: positions, escalation, rulings.",
        discussion: """
            Anyone raises a dispute about a decision area; marketing and sales each record their \
            position; anyone escalates it; leadership rules, naming the team that owns the area.
            A dispute is named by its ID or any unique start of it.
            """,
        subcommands: [Raise.self, Position.self, Escalate.self, Rule.self, List.self, Show.self])

    struct Raise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Raise a dispute about a decision area.",
            discussion: """
                Example:
                  cuerda dispute raise --area channel-strategy --title "Who picks partners?"
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The decision area (see `cuerda area list`).", valueName: "slug")) var area: String
        @Option(help: ArgumentHelp("What is disputed.", valueName: "text")) var title: String
        @OptionGroup var date: DayOption

        func run() throws {
            let dispute = try replica.openPractices().raiseDispute(area: area, title: title, opened: date.day())
            print("Raised dispute \(dispute.shortID) about \(dispute.area)")
        }
    }

    struct Position: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record (or revise) your side's position on a dispute.",
            discussion: """
                The side is your team: marketing or sales.

                Example:
                  cuerda dispute position 3f2a --text "We meet the partners every week"
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The dispute's ID or a unique start of it.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Your side's position.", valueName: "text")) var text: String

        func run() throws {
            let practices = try replica.openPractices()
            let dispute = try practices.recordPosition(on: id, text: text)
            print("Recorded the \(try practices.actor().team.rawValue) position on dispute \(dispute.shortID)")
        }
    }

    struct Escalate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Escalate a dispute to leadership for a ruling.",
            discussion: "Example:\n  cuerda dispute escalate 3f2a")

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The dispute's ID or a unique start of it.", valueName: "id")) var id: String

        func run() throws {
            let dispute = try replica.openPractices().escalateDispute(id)
            print("Escalated dispute \(dispute.shortID) to leadership")
        }
    }

    struct Rule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rule on a dispute (leadership): the owner of its area, and why.",
            discussion: """
                The ruling also makes that team the owner of the disputed area.

                Example:
                  cuerda dispute rule 3f2a --owner marketing --text "Channels are marketing's"
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The dispute's ID or a unique start of it.", valueName: "id")) var id: String
        @Option(
            help: ArgumentHelp("The team that owns the area from now on.", valueName: "team"),
            completion: .list(Completions.teams)) var owner: String
        @Option(help: ArgumentHelp("The ruling.", valueName: "text")) var text: String
        @OptionGroup var date: DayOption

        func run() throws {
            let dispute = try replica.openPractices().rule(on: id, owner: Team(parsing: owner), text: text, on: date.day())
            print("Ruled on dispute \(dispute.shortID): \(dispute.area) is owned by \(dispute.ruling?.owner.rawValue ?? owner)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List disputes, oldest first.",
            discussion: "Examples:\n  cuerda dispute list\n  cuerda dispute list --status escalated --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(
            help: ArgumentHelp("Only disputes that are open, escalated or ruled.", valueName: "status"),
            completion: .list(["open", "escalated", "ruled"])) var status: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let disputes = try replica.openPractices().disputes(status: status.map(Dispute.Status.init(parsing:)))
            if output.json { return try Output.json(encoding: disputes) }
            Output.table(
                ["ID", "STATUS", "AREA", "OPENED", "RAISED BY", "TITLE"],
                disputes.map { [$0.shortID, $0.status.rawValue, $0.area, $0.opened?.description ?? "", $0.raisedBy, $0.title] })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a dispute with both positions and the ruling.",
            discussion: "Example:\n  cuerda dispute show 3f2a --json")

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The dispute's ID or a unique start of it.", valueName: "id")) var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let dispute = try replica.openPractices().dispute(id)
            if output.json { return try Output.json(encoding: dispute) }
            var rows = [
                ["Dispute", "\(dispute.shortID) (\(dispute.status.rawValue))"], ["Title", dispute.title],
                ["Area", dispute.area], ["Raised", "by \(dispute.raisedBy) on \(dispute.opened?.description ?? "?")"],
            ]
            rows += [Team.marketing, .sales].map { side in
                ["Position (\(side.rawValue))", dispute.positions.first { $0.side == side }?.text ?? "—"]
            }
            if let ruling = dispute.ruling {
                rows.append(["Ruling", "\(ruling.owner.rawValue) owns \(dispute.area): \(ruling.text)"])
                rows.append(["Ruled on", ruling.ruledOn?.description ?? "?"])
            }
            Output.table(["FIELD", "VALUE"], rows)
        }
    }

    /// `--date`: the day a dispute is raised or ruled, today unless given (to record one late).
    struct DayOption: ParsableArguments {
        @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD")) var date: String?

        func day() throws -> Day {
            try date.map(Day.init(parsing:)) ?? Day(Date())
        }
    }
}

import Alignment
import ArgumentParser
import Foundation

struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard", abstract: "Seal, reveal and read the report card of a cycle.",
        discussion: """
            Each side's lead seals its card once every need is graded: a salted commitment goes \
            to everyone, the letters stay private. When a lead device sees the other side's \
            seal (on import or sync), it reveals its own card; after the deadline a sealed side \
            reveals alone and the silent side shows as "not graded". Send the seal as a sealed \
            file: `cuerda export --sealed --to sales --out card.sealed`.
            """,
        subcommands: [Seal.self, Status.self, Report.self, Act.self])

    static var now: UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }

    struct Seal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal your side's card for a cycle (a lead; every need graded, no disagreement).",
            discussion: "Example:\n  cuerda scorecard seal --cycle 2026-H1")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String

        func run() throws {
            let replica = try replica.openPractices()
            let seal = try replica.sealCard(cycle: Period(parsing: cycle), on: Day(Date()))
            print("Sealed the \(seal.side.rawValue) card for \(seal.cycle): commitment \(seal.commitment.prefix(16))…")
            for line in ArrivalHooks.revealReadyCards(replica.replica) { print(line) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each side's phase: drafting, sealed, revealed or not graded.",
            discussion: "Example:\n  cuerda scorecard status --cycle 2026-H1")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String

        func run() throws {
            let status = try replica.openPractices().scorecardStatus(cycle: Period(parsing: cycle), now: ScorecardCommand.now)
            if output.json { return try Output.json(encoding: status) }
            print("Cycle \(status.cycle), grading deadline \(status.deadline)")
            Output.table(
                ["SIDE", "GRADES", "PHASE"],
                [Team.marketing, .sales].map { [$0.rawValue, $0.otherSide!.rawValue, status.phase(of: $0).rawValue] })
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the report card: letters, points, trends, perception gaps, proposed actions.",
            discussion: """
                Points: A=4, B=3, C=2, F=0. Only revealed cards are shown.

                Example:
                  cuerda scorecard report --cycle 2026-H1 --json
                """)

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String

        func run() throws {
            let report = try replica.openPractices().scorecardReport(cycle: Period(parsing: cycle), now: ScorecardCommand.now)
            if output.json { return try Output.json(encoding: report) }
            print("Report card \(report.cycle)  (A=4 B=3 C=2 F=0)")
            for card in report.cards {
                print("")
                let average = card.average.map { String(format: "%.2f", $0) } ?? "-"
                print(
                    "\(card.grader.rawValue.capitalized) grades \(card.graded.rawValue): \(card.phase.rawValue), average \(average)"
                )
                guard !card.needs.isEmpty else { continue }
                Output.table(
                    ["NEED", "GRADE", "TREND", "PREDICTED", "TEXT"],
                    card.needs.map { need in
                        [
                            String(need.need.prefix(8)), need.letter.rawValue,
                            (need.trend.map(\.letter.rawValue) + [need.letter.rawValue]).joined(separator: "→"),
                            need.predicted.map { $0.rawValue + (need.gapFlagged ? " !" : "") } ?? "",
                            need.text + (need.wordingChanged ? "  (reworded)" : ""),
                        ]
                    })
            }
            if !report.warnings.isEmpty { print("") }
            for warning in report.warnings { print("warning: \(warning)") }
            if !report.proposedActions.isEmpty {
                print("\nProposed actions (create them with `cuerda scorecard act --cycle \(report.cycle) --due DATE`):")
                for action in report.proposedActions { print("  [\(action.owner.rawValue)] \(action.title)") }
            }
        }
    }

    struct Act: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the proposed action items of a cycle (one per C or F, owned by the graded side).",
            discussion: "Example:\n  cuerda scorecard act --cycle 2026-H1 --due 2026-09-30")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String
        @Option(help: ArgumentHelp("When the actions are due.", valueName: "YYYY-MM-DD")) var due: String

        func run() throws {
            let created = try replica.openPractices().createProposedActions(
                cycle: Period(parsing: cycle), due: Day(parsing: due), opened: Day(Date()).month, now: ScorecardCommand.now)
            print("Created \(created.count) action item(s)")
            for item in created { print("  \(item.id.prefix(8))  \(item.owner)  \(item.title)") }
        }
    }
}

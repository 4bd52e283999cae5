import Alignment
import ArgumentParser

struct NeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "need", abstract: "Each side's critical needs of the other side.",
        discussion: """
            Each side keeps about six needs of the other side and grades it on them every cycle. \
            A need carries over to later cycles until it is retired; rewording it keeps the old \
            wording for the cycles already graded.
            """,
        subcommands: [Add.self, Reword.self, Retire.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a need of your side (a lead of marketing or sales).",
            discussion: "Example:\n  cuerda need add \"Qualified leads every week\" --cycle 2026-H1")

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: "The need, in one line.") var text: String
        @Option(help: ArgumentHelp("The first cycle it is on the card.", valueName: "cycle")) var cycle: String

        func run() throws {
            let practices = try replica.openPractices()
            let id = try practices.addNeed(text, from: Period(parsing: cycle))
            print("Added need \(id.prefix(8)) from \(cycle): \(text)")
        }
    }

    struct Reword: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reword a need from a cycle on.",
            discussion: "Example:\n  cuerda need reword 3f2a \"Qualified leads, scored, every week\" --cycle 2026-H2")

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: "The need's ID or a unique prefix.") var need: String
        @Argument(help: "The new wording.") var text: String
        @Option(help: ArgumentHelp("The first cycle with the new wording.", valueName: "cycle")) var cycle: String

        func run() throws {
            try replica.openPractices().rewordNeed(need, to: text, from: Period(parsing: cycle))
            print("Reworded need \(need) from \(cycle): \(text)")
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a need off the card from a cycle on.",
            discussion: "Example:\n  cuerda need retire 3f2a --cycle 2027-H1")

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: "The need's ID or a unique prefix.") var need: String
        @Option(help: ArgumentHelp("The first cycle without it.", valueName: "cycle")) var cycle: String

        func run() throws {
            try replica.openPractices().retireNeed(need, from: Period(parsing: cycle))
            print("Retired need \(need) from \(cycle)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the needs on a cycle's cards.",
            discussion: "Examples:\n  cuerda need list --cycle 2026-H1\n  cuerda need list --cycle 2026-H1 --side sales --json")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String
        @Option(help: ArgumentHelp("Only this side's needs.", valueName: "team"), completion: .list(["marketing", "sales"]))
        var side: String?

        func run() throws {
            let needs = try replica.openPractices().needs(in: Period(parsing: cycle), side: side.map(Team.init(parsing:)))
            if output.json { return try Output.json(encoding: needs) }
            Output.table(
                ["SIDE", "NEED", "SINCE", "TEXT"],
                needs.map {
                    [$0.side.rawValue, String($0.id.prefix(8)), "\($0.since)", $0.text + ($0.reworded ? "  (reworded)" : "")]
                })
            for team in [Team.marketing, .sales] where needs.filter({ $0.side == team }).count > 8 {
                print("note: \(team.rawValue) has \(needs.filter { $0.side == team }.count) needs; the practice keeps about six")
            }
        }
    }
}

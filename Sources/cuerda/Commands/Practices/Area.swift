import Alignment
import ArgumentParser

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area", abstract: "Decision areas and the team that owns each.",
        discussion: """
            Without any record, marketing owns `strategy` and `channel-strategy` and sales owns \
            `execution`. Leadership may add areas or change owners; a ruling on a dispute does too.
            """,
        subcommands: [List.self, SetOwner.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the decision areas with their owners.",
            discussion: "Examples:\n  cuerda area list\n  cuerda area list --json")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let areas = try replica.openPractices().decisionAreas()
            if output.json { return try Output.json(encoding: areas) }
            Output.table(
                ["AREA", "NAME", "OWNER", "SOURCE", "DESCRIPTION"],
                areas.map { [$0.slug, $0.name, $0.owner.rawValue, $0.isDefault ? "default" : "set", $0.description] })
        }
    }

    struct SetOwner: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Add a decision area or change its owner (leadership).",
            discussion: """
                Name and description keep their current values unless given.

                Examples:
                  cuerda area set pricing --owner marketing --name Pricing \\
                    --description "List prices and discounts"
                  cuerda area set channel-strategy --owner sales
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The area's slug.", valueName: "slug")) var slug: String
        @Option(
            help: ArgumentHelp("The owning team: marketing, sales or leadership.", valueName: "team"),
            completion: .list(Completions.teams)) var owner: String
        @Option(help: ArgumentHelp("A display name (new areas: the slug).", valueName: "name")) var name: String?
        @Option(help: ArgumentHelp("What the area decides.", valueName: "text")) var description: String?

        func run() throws {
            let area = try replica.openPractices().setDecisionArea(
                slug, owner: Team(parsing: owner), name: name, description: description)
            print("Set decision area \(area.slug): owned by \(area.owner.rawValue)")
        }
    }
}

import Alignment
import ArgumentParser

struct CelebrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "celebrate", abstract: "Quarterly celebrations: wins, shortfalls, lessons, recognitions.",
        discussion: """
            Anyone records the quarter's wins, shortfalls and lessons, and recognises groups — best \
            of all groups that mix marketing and sales people; `show` warns about those that do not.
            """,
        subcommands: [Win.self, Shortfall.self, Lesson.self, Recognize.self, Show.self])

    /// The options of a win, a shortfall or a lesson.
    struct Entry: ParsableArguments {
        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The quarter.", valueName: "YYYY-Qn")) var quarter: String
        @Option(help: ArgumentHelp("What happened.", valueName: "text")) var text: String

        func record(_ kind: Celebration.Kind) throws {
            let entry = try replica.openPractices().celebrate(kind, quarter: Celebration.quarter(quarter), text: text)
            print("Recorded \(kind.rawValue) \(AlignmentReplica.short(entry.id)) for \(quarter.uppercased())")
        }
    }

    struct Win: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a win of the quarter.",
            discussion: "Example:\n  cuerda celebrate win --quarter 2026-Q1 --text \"Retail North signed\"")
        @OptionGroup var entry: Entry
        func run() throws { try entry.record(.win) }
    }

    struct Shortfall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a shortfall of the quarter.",
            discussion: "Example:\n  cuerda celebrate shortfall --quarter 2026-Q1 --text \"Partners 20% short\"")
        @OptionGroup var entry: Entry
        func run() throws { try entry.record(.shortfall) }
    }

    struct Lesson: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a lesson learned in the quarter.",
            discussion:
                "Example:\n  cuerda celebrate lesson --quarter 2026-Q1 --text \"Demo with a rep\"")
        @OptionGroup var entry: Entry
        func run() throws { try entry.record(.lesson) }
    }

    struct Recognize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recognise a group for the quarter.",
            discussion: """
                Members are active members' names, or NAME@TEAM for people outside the workspace. \
                A group that does not mix marketing and sales is recorded with a warning.

                Example:
                  cuerda celebrate recognize --quarter 2026-Q1 --group "Retail North" \\
                    --member Mateo --member Sara --member "Ana Ruiz@sales"
                """)

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The quarter.", valueName: "YYYY-Qn")) var quarter: String
        @Option(help: ArgumentHelp("The group's name.", valueName: "name")) var group: String
        @Option(help: ArgumentHelp("A member (repeat for each).", valueName: "name")) var member: [String] = []
        @Option(help: ArgumentHelp("What the group is recognised for.", valueName: "text")) var text = ""

        func run() throws {
            let recognition = try replica.openPractices().recognize(
                group: group, members: member, quarter: Celebration.quarter(quarter), text: text)
            let names = recognition.members.map { "\($0.name) (\($0.team.rawValue))" }.joined(separator: ", ")
            let warning = recognition.mixed ? "" : " — warning: the group does not mix marketing and sales"
            print("Recognised \(recognition.group) (\(AlignmentReplica.short(recognition.id))): \(names)\(warning)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a quarter's celebration, with warnings for groups that do not mix.",
            discussion: "Examples:\n  cuerda celebrate show --quarter 2026-Q1\n  cuerda celebrate show --quarter 2026-Q1 --json")

        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The quarter.", valueName: "YYYY-Qn")) var quarter: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let report = try replica.openPractices().celebration(Celebration.quarter(quarter))
            if output.json { return try Output.json(encoding: report) }
            print("Celebration \(report.quarter)")
            Output.table(
                ["KIND", "ID", "TEXT"],
                (report.wins + report.shortfalls + report.lessons).map {
                    [$0.kind.rawValue, AlignmentReplica.short($0.id), $0.text]
                })
            if !report.recognitions.isEmpty {
                print("")
                Output.table(
                    ["GROUP", "ID", "MEMBERS", "MIXED", "FOR"],
                    report.recognitions.map { recognition in
                        [
                            recognition.group, AlignmentReplica.short(recognition.id),
                            recognition.members.map { "\($0.name) (\($0.team.rawValue))" }.joined(separator: ", "),
                            recognition.mixed ? "yes" : "no", recognition.text,
                        ]
                    })
            }
            for warning in report.warnings { print("warning: \(warning)") }
        }
    }
}

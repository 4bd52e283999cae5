import Alignment
import ArgumentParser

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade", abstract: "Draft grades A/B/C/F on the other side's needs.",
        discussion: """
            Each side grades the other on its own needs. Drafts stay in the side's private feed: \
            the other side never receives them. When graders disagree, both letters are kept \
            and the lead settles them with `grade reconcile`.
            """,
        subcommands: [Set.self, Reconcile.self, List.self])

    /// The options every grade write shares.
    struct GradeArguments: ParsableArguments {
        @Argument(help: "The need's ID or a unique prefix.") var need: String
        @Argument(help: "A, B, C or F.", completion: .list(["A", "B", "C", "F"])) var letter: String
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String
        @Option(help: ArgumentHelp("Why, in one line.", valueName: "text")) var comment: String?
        @Flag(
            name: .customLong("self"),
            help: "Predict the grade your side will receive on one of the other side's needs (self-assessment).")
        var prediction = false

        var kind: GradeKind { prediction ? .self : .grade }
        func parsed() throws -> (Letter, Period) { (try .init(parsing: letter), try Period(parsing: cycle)) }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Write your draft grade of a need.",
            discussion: """
                Examples:
                  cuerda grade set 3f2a B --cycle 2026-H1 --comment "Leads arrive late"
                  cuerda grade set 77c0 A --cycle 2026-H1 --self    # how we expect to be graded
                """)

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var grade: GradeArguments

        func run() throws {
            let (letter, cycle) = try grade.parsed()
            let practices = try replica.openPractices()
            try practices.grade(grade.need, letter: letter, cycle: cycle, kind: grade.kind, comment: grade.comment)
            let need = try AlignmentReplica.short(practices.need(grade.need).id)
            print("Graded need \(need) \(letter.rawValue) for \(cycle) (\(grade.prediction ? "prediction, " : "")draft)")
        }
    }

    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle graders' disagreement on a need (the side's lead).",
            discussion: "Example:\n  cuerda grade reconcile 3f2a C --cycle 2026-H1")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var grade: GradeArguments

        func run() throws {
            let (letter, cycle) = try grade.parsed()
            let practices = try replica.openPractices()
            try practices.reconcileGrade(grade.need, letter: letter, cycle: cycle, kind: grade.kind, comment: grade.comment)
            print("Settled need \(AlignmentReplica.short(try practices.need(grade.need).id)) at \(letter.rawValue) for \(cycle)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show your side's draft card: letters, disagreements, missing grades.",
            discussion: "Example:\n  cuerda grade list --cycle 2026-H1")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The cycle.", valueName: "cycle")) var cycle: String

        func run() throws {
            let card = try replica.openPractices().draftCard(cycle: Period(parsing: cycle))
            if output.json { return try Output.json(encoding: card) }
            print(
                "\(card.side.rawValue.capitalized) grades \(card.graded.rawValue), \(card.cycle) (draft, private to \(card.side.rawValue))"
            )
            Output.table(
                ["NEED", "GRADE", "GRADERS", "TEXT"],
                card.grades.map { grade in
                    let graders = grade.votes.map { "\($0.letter.rawValue) \($0.grader)" }.joined(separator: ", ")
                    return [
                        String(grade.need.prefix(8)), grade.conflict ? "?" : grade.letter?.rawValue ?? "-",
                        graders.isEmpty ? "not graded" : graders, grade.text,
                    ]
                })
            if !card.selfGrades.isEmpty {
                print("\nPredicted grades of \(card.side.rawValue) (self-assessment)")
                Output.table(
                    ["NEED", "PREDICTED", "TEXT"],
                    card.selfGrades.map { [String($0.need.prefix(8)), $0.conflict ? "?" : $0.letter?.rawValue ?? "-", $0.text] })
            }
            if card.sealed {
                print("Sealed: these drafts can no longer change; the sealed card is what reveals")
            } else if !card.conflicts.isEmpty {
                print("\(card.conflicts.count) need(s) with disagreeing graders: the lead settles them")
            }
            if !card.missing.isEmpty, !card.sealed { print("\(card.missing.count) need(s) not graded yet") }
        }
    }
}

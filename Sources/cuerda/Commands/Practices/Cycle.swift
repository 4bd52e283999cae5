import Alignment
import ArgumentParser

struct CycleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle", abstract: "Report-card cycles and their deadlines.",
        subcommands: [Open.self, List.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a report-card cycle, or move its deadline (a team lead).",
            discussion: """
                Both sides grade by the deadline; after it, a side that sealed may reveal alone.

                Example:
                  cuerda cycle open 2026-H1 --deadline 2026-06-30
                """)

        @OptionGroup var replica: ReplicaOptions
        @Argument(help: ArgumentHelp("The cycle, usually a half year.", valueName: "cycle")) var cycle: String
        @Option(help: ArgumentHelp("The grading deadline.", valueName: "YYYY-MM-DD")) var deadline: String

        func run() throws {
            let opened = try replica.openPractices().openCycle(Period(parsing: cycle), deadline: Day(parsing: deadline))
            print("Opened cycle \(opened.period), grading deadline \(opened.deadline)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the cycles.", discussion: "Example:\n  cuerda cycle list --json")

        @OptionGroup var replica: ReplicaOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let cycles = try replica.openPractices().cycles()
            if output.json { return try Output.json(encoding: cycles) }
            Output.table(["CYCLE", "DEADLINE"], cycles.map { ["\($0.period)", "\($0.deadline)"] })
        }
    }
}

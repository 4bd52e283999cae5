import ArgumentParser

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grade", abstract: "Draft grades A/B/C/F on the other side's needs.")
}

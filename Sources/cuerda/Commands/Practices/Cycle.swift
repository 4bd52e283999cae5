import ArgumentParser

struct CycleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cycle", abstract: "Report-card cycles and their deadlines.")
}

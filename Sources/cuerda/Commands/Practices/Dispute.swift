import ArgumentParser

struct DisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dispute", abstract: "Disputes over who decides what: positions, escalation, rulings.")
}

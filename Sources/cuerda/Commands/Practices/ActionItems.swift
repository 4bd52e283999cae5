import ArgumentParser

struct ActionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "action", abstract: "Joint action items: owner, due date, status, source.")
}

import ArgumentParser

struct ActualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "actual", abstract: "Actual revenue per month and customer group.")
}

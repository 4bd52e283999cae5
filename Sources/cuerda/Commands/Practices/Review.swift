import ArgumentParser

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "The monthly revenue review: target vs actual, commentary.")
}

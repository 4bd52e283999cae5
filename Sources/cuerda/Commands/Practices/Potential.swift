import ArgumentParser

struct PotentialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "potential", abstract: "Revenue potential per customer group and customer (sales).")
}

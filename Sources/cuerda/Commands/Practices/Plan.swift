import ArgumentParser

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Marketing plan items, the sales actions derived from them, coverage.")
}

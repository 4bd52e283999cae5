import ArgumentParser

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "area", abstract: "Decision areas and the team that owns each.")
}

import ArgumentParser

struct TargetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "target", abstract: "Revenue targets per period (marketing leads).")
}

import ArgumentParser

struct NeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "need", abstract: "Each side's critical needs of the other side.")
}

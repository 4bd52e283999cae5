import ArgumentParser

struct CelebrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "celebrate", abstract: "Quarterly celebrations: wins, shortfalls, lessons, recognitions.")
}

import ArgumentParser

struct QuotaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quota", abstract: "Quota allocation and the gap to the target (sales).")
}

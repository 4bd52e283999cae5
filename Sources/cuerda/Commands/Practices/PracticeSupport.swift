import Alignment
import ArgumentParser
import CuerdaCore
import Foundation

extension ReplicaOptions {
    /// Opens the replica as one of the six practices.
    func openPractices() throws -> AlignmentReplica { try AlignmentReplica(open()) }
}

extension Output {
    /// Prints an encodable report as JSON with sorted keys, one document per command.
    static func json(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// The `--currency` option of commands that take amounts.
struct CurrencyOption: ParsableArguments {
    @Option(help: ArgumentHelp("ISO 4217 currency of the amounts (default: $CUERDA_CURRENCY, else EUR).", valueName: "code"))
    var currency: String?

    func resolve() throws -> Currency {
        try Currency(currency ?? ProcessInfo.processInfo.environment["CUERDA_CURRENCY"] ?? "EUR")
    }
}

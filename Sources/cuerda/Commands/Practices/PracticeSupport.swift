import Alignment
import ArgumentParser
import CuerdaCore
import CuerdaStore
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

/// What the six practices do after commits arrive (import, sync, a served session).
enum ArrivalHooks {
    /// On a lead device of a side that has sealed, reveals the cards that may now be
    /// revealed (the other side sealed, or the deadline passed). Returns one line per card
    /// revealed; a failure to reveal is a warning on stderr (it is tried again after the next
    /// import, sync or seal). Never fails an exchange that succeeded: a replica of another
    /// application, or a device that is not a lead, reveals nothing.
    static func revealReadyCards(_ replica: Replica) -> [String] {
        guard replica.schema.name == AlignmentSchema.name, let practices = try? AlignmentReplica(replica),
            let side = try? practices.actor().team
        else { return [] }
        do {
            let cycles = try practices.revealReadyCards(now: UInt64(Date().timeIntervalSince1970 * 1000))
            return cycles.map { "Revealed the \(side.rawValue) card for \($0)" }
        } catch {
            let warning = "cuerda: warning: the \(side.rawValue) card could not be revealed: \(error)\n"
            FileHandle.standardError.write(Data(warning.utf8))
            return []
        }
    }
}

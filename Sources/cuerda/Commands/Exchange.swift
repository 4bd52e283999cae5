import Alignment
import ArgumentParser
import CuerdaCore
import CuerdaStore
import Foundation

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the commits a recipient lacks to a bundle file.",
        discussion: """
            Without --since, the bundle holds every commit this replica has for the chosen \
            audiences. With --since, only those above the recipient's vector (written by \
            `cuerda vector --out` on the recipient). With --for, only those above what a peer \
            held at the end of the last sync with it (see `cuerda peers`), for the audiences \
            that peer may see. Otherwise only the `all` audience is exported unless team \
            audiences are named, so team-private data never leaves by accident.

            Examples:
              cuerda export --out shared.bundle
              cuerda export --since laptop.vector --out delta.bundle
              cuerda export --for 054f8928 --out for-the-hub.bundle
              cuerda export --audience all --audience team:sales --out for-a-sales-laptop.bundle
              cuerda export --sealed --to sales --out scorecard-for-sales.sealed

            With --sealed --to TEAM, the file is encrypted to every active device of that team \
            and signed: only they can open it, and a relay can neither read nor alter it. It \
            holds shared data only (and TEAM's private data if you belong to TEAM).
            """)

    @OptionGroup var replica: ReplicaOptions
    @Option(help: ArgumentHelp("The bundle file to write.", valueName: "file"), completion: .file()) var out: String
    @Option(
        help: ArgumentHelp("The recipient's vector (JSON from `cuerda vector`).", valueName: "file"), completion: .file())
    var since: String?
    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("A peer this replica has synced with (device ID or a prefix).", valueName: "peer"))
    var peer: String?
    @Option(
        help: ArgumentHelp("The audiences to export (repeatable): all, team:NAME. Default: all.", valueName: "audience"),
        completion: .list(Completions.audiences))
    var audience: [String] = []
    @Flag(help: "Encrypt the bundle to the devices of the team given by --to, and sign it.") var sealed = false
    @Option(help: ArgumentHelp("The team a sealed file is for.", valueName: "team"), completion: .list(Completions.teams))
    var to: String?

    func validate() throws {
        if peer != nil, since != nil { throw ValidationError("give --for or --since, not both") }
        if sealed != (to != nil) { throw ValidationError("--sealed and --to go together") }
        if sealed, !audience.isEmpty { throw ValidationError("a sealed file's audiences follow from --to: drop --audience") }
    }

    func run() throws {
        let replica = try replica.open()
        var vector = try since.map { try VectorFile.read($0) } ?? VersionVector()
        var audiences = Set(try audience.map { try Audience($0) })
        if let peer {
            let record = try replica.peer(matching: peer)
            vector = record.vector
            if audiences.isEmpty { audiences = try replica.audiences(visibleTo: record.device) ?? [.all] }
        }
        if let to {
            let (report, recipients) = try replica.exportSealed(to: out, team: to, since: vector)
            return print(
                "Wrote \(report.commits) commits (\(report.bytes) bytes) to \(out), sealed to \(recipients) device\(recipients == 1 ? "" : "s") of \(to)"
            )
        }
        if audiences.isEmpty { audiences = [.all] }
        let report = try replica.exportBundle(to: out, since: vector, audiences: audiences)
        print("Wrote \(report.commits) commits (\(report.bytes) bytes) to \(out)")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a bundle file. Importing the same file twice changes nothing.",
        discussion: """
            Sealed files (from `export --sealed`) are recognised and opened with this device's key.

            Examples:
              cuerda import delta.bundle
              cuerda import scorecard-for-sales.sealed
            """)

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The bundle file.", completion: .file()) var file: String
    @Option(help: "Commits applied per transaction: a crash keeps whole batches, and a re-import completes the rest.")
    var batchSize = 1000

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100000") }
    }

    func run() throws {
        let replica = try replica.open()
        let report =
            Replica.isSealedFile(at: file)
            ? try replica.importSealed(at: file) : try replica.importBundle(at: file, batchSize: batchSize)
        let revealed = ArrivalHooks.revealReadyCards(replica)
        if output.json {
            try Output.json([
                "received": report.received, "applied": report.applied, "quarantined": report.quarantined,
                "duplicates": report.duplicates, "pending": report.pending, "forks": report.forks, "revealed": revealed,
            ])
        } else {
            print("Imported \(file): \(report)")
            for line in revealed { print(line) }
        }
    }
}

struct VectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector",
        abstract: "Print this replica's version vector (what it has), or save it for a peer's --since.",
        discussion: "Example:\n  cuerda vector --out laptop.vector")

    @OptionGroup var replica: ReplicaOptions
    @Option(help: ArgumentHelp("Write the vector to this file.", valueName: "file"), completion: .file()) var out: String?

    func run() throws {
        let vector = try replica.open().vector()
        if let out {
            try VectorFile.write(vector, to: out)
            print("Wrote vector of \(vector.heads.count) feeds to \(out)")
        } else {
            try Output.json(VectorFile.json(vector))
        }
    }
}

/// A version vector as JSON: `[{"device": hex, "audience": "all", "seq": n}]`.
enum VectorFile {
    static func json(_ vector: VersionVector) -> [[String: Any]] {
        vector.sorted.map { ["device": $0.feed.device.hex, "audience": $0.feed.audience.rawValue, "seq": $0.seq] }
    }

    static func write(_ vector: VersionVector, to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: json(vector), options: [.sortedKeys, .prettyPrinted])
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CuerdaError(.io, "cannot write \(path)")
        }
    }

    static func read(_ path: String) throws -> VersionVector {
        guard let data = FileManager.default.contents(atPath: path) else { throw CuerdaError(.io, "cannot read \(path)") }
        guard let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CuerdaError(.invalidArgument, "\(path) is not a vector file")
        }
        var vector = VersionVector()
        for entry in entries {
            guard let device = entry["device"] as? String, let audience = entry["audience"] as? String,
                let seq = entry["seq"] as? Int, seq >= 0
            else { throw CuerdaError(.invalidArgument, "\(path) has a malformed vector entry") }
            vector[FeedID(device: try DeviceID(hex: device.lowercased()), audience: try Audience(audience))] = UInt64(seq)
        }
        return vector
    }
}

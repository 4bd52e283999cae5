import ArgumentParser
import CuerdaCore
import CuerdaStore
import Foundation

struct Digest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a digest of the replicated state; replicas that hold the same commits print the same one.",
        discussion: """
            With --audience, only the tables of those audiences: a marketing and a sales replica \
            compare what they share with `--audience all`.

            Examples:
              cuerda digest
              cuerda digest --audience all
            """)

    @OptionGroup var replica: ReplicaOptions
    @Option(
        help: ArgumentHelp("Only tables of these audiences (repeatable).", valueName: "audience"),
        completion: .list(Completions.audiences))
    var audience: [String] = []

    func run() throws {
        let audiences: Set<Audience>? = audience.isEmpty ? nil : Set(try audience.map { try Audience($0) })
        print(try replica.open().digest(audiences: audiences))
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the commit log, newest first.",
        discussion: "Example:\n  cuerda log --limit 20")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "How many commits to list.") var limit = 50

    func run() throws {
        try LogPrinter.print(try replica.open().log(limit: limit), json: output.json)
    }
}

struct Quarantine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List commits that were refused, with the reason. They stay in the log and are relayed.",
        discussion: "Example:\n  cuerda quarantine --json")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let entries = try replica.open().quarantine()
        if entries.isEmpty && !output.json {
            print("No quarantined commits.")
            return
        }
        try LogPrinter.print(entries, json: output.json)
    }
}

enum LogPrinter {
    static func print(_ entries: [LogEntry], json: Bool) throws {
        if json {
            try Output.json(
                entries.map { e -> [String: Any] in
                    var record: [String: Any] = [
                        "id": Hex.encode(e.id), "device": e.feed.device.hex, "audience": e.feed.audience.rawValue,
                        "seq": e.seq, "hlc": e.hlc.rawValue, "state": e.state.rawValue, "rows": e.rowCount, "cells": e.cellCount,
                    ]
                    if let reason = e.reason { record["reason"] = reason }
                    return record
                })
            return
        }
        Output.table(
            ["commit", "feed", "seq", "time", "state", "rows", "cells", "reason"],
            entries.map { e in
                [
                    String(Hex.encode(e.id).prefix(12)), e.feed.description, String(e.seq), Self.time(e.hlc), e.state.rawValue,
                    String(e.rowCount), String(e.cellCount), e.reason ?? "",
                ]
            })
    }

    static func time(_ t: Timestamp) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: Double(t.milliseconds) / 1000))
    }
}

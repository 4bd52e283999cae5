// fuzz-seeds: writes the seed corpora of the fuzz targets from real data. It makes two
// replicas of the fixture schema in a temporary folder (one of them signs with the fuzzing
// key, 32 bytes of 7, which fuzz-bundle and fuzz-sealed also know), writes commits of every
// value type on both, exchanges them, and saves bundles, commits, frames, sealed files, join
// requests and cards under `CORPUS/TARGET/`.
//
// Usage: fuzz-seeds CORPUS [REPO]   (REPO: the checkout, for Tests/Fixtures/bundle-v1.bin)
//
// Built with the fuzz targets (same flags), so libFuzzer is linked in: the `@main` below is
// the program's entry point, and the LLVMFuzzerTestOneInput stub only satisfies the linker.

import Alignment
import CuerdaCore
import CuerdaTestSupport
import Foundation
import NIOCore

@testable import CuerdaNet
@testable import CuerdaStore

@_cdecl("LLVMFuzzerTestOneInput")
public func unused(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }

let fuzzKey = try! DeviceKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
let fuzzWorkspace = try! WorkspaceID(bytes: [UInt8](repeating: 0x5a, count: 16))

@main
struct Seeds {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: fuzz-seeds CORPUS [REPO]\n".utf8))
            exit(2)
        }
        let corpus = arguments[1]
        let repo = arguments.count > 2 ? arguments[2] : nil
        var written = 0
        func save(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            let folder = "\(corpus)/\(target)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/seed-\(name)"))
            written += 1
        }

        // Two replicas of one workspace; a writes with the fuzzing key.
        let directory = TemporaryDirectory("cuerda-fuzz-seeds")
        let a = try Replica.create(
            at: directory.file("a.cuerda"), workspace: fuzzWorkspace, device: fuzzKey, schema: Fixtures.schema)
        let b = try Replica.create(at: directory.file("b.cuerda"), workspace: fuzzWorkspace, schema: Fixtures.schema)
        try a.write { tx in
            try tx.insert(
                "cells",
                [
                    "a": .integer(42), "b": .text("hello"), "n": .integer(Int64.min), "r": .real(-0.0), "t": .text("naïve ✓"),
                    "x": .blob([0, 1, 2, 255]), "peak": .integer(7),
                ])
            try tx.insert("cells", id: "row-with-a-text-id", ["a": .null, "r": .real(.nan), "t": .text("")])
        }
        let small = try a.vector()
        try a.write { tx in
            try tx.insert("grades", id: "g1", ["need": .text("Qualified leads"), "letter": .text("B")])
            try tx.insert("notes", ["body": .text("a team note")])
        }
        try b.importBundle(BundleReader(bytes: a.bundle()))
        try b.write { tx in
            try tx.update("grades", id: "g1", ["letter": .text("C")])
            try tx.update("cells", id: "row-with-a-text-id", ["r": .real(.infinity), "peak": .real(7.5)])
            try tx.delete("cells", id: "row-with-a-text-id")
        }
        try a.importBundle(BundleReader(bytes: b.bundle()))
        try a.write { tx in try tx.update("grades", id: "g1", ["letter": .text("A")]) }

        // fuzz-bundle: mode byte (0 file, 1 unsigned, 2 body), then the input of that mode.
        let full = try a.bundle()
        let delta = try a.bundle(since: small)
        let allOnly = try a.bundle(audiences: [.all])
        try save("fuzz-bundle", "file-full", [0] + full)
        try save("fuzz-bundle", "file-delta", [0] + delta)
        try save("fuzz-bundle", "file-all-only", [0] + allOnly)
        try save("fuzz-bundle", "file-b", [0] + b.bundle())
        try save("fuzz-bundle", "file-empty", [0] + a.bundle(since: a.vector()))
        if let repo, let fixture = FileManager.default.contents(atPath: "\(repo)/Tests/Fixtures/bundle-v1.bin") {
            try save("fuzz-bundle", "file-fixture-v1", [0] + Array(fixture))
        }
        try save("fuzz-bundle", "unsigned-full", [1] + full.dropLast(64))
        try save("fuzz-bundle", "unsigned-delta", [1] + delta.dropLast(64))
        let commits = try GovernedFixtures.commits(of: a)
        func record(_ commit: SignedCommit) -> [UInt8] {
            var w = WireWriter()
            w.varint(UInt64(commit.bytes.count))
            return w.bytes + commit.bytes + commit.signature
        }
        try save("fuzz-bundle", "body-one", [2, 1] + record(commits[0]))
        try save("fuzz-bundle", "body-all", [2, UInt8(commits.count)] + commits.flatMap(record))
        try save("fuzz-bundle", "body-empty", [2, 0])

        // fuzz-commit: each commit's bytes as signed.
        for (i, commit) in commits.enumerated() { try save("fuzz-commit", "commit-\(i)", commit.bytes) }

        // fuzz-frame: mode byte (0 body, 1 stream), then a frame body or a stream of frames.
        let (vector, tips) = try a.vectorAndTips()
        let messages: [(String, SyncMessage)] = [
            ("hello", .hello(.init(workspace: fuzzWorkspace, device: fuzzKey.id, vector: vector, tips: tips))),
            ("hello-empty", .hello(.init(workspace: fuzzWorkspace, device: b.device.id, vector: VersionVector()))),
            ("batch", .batch(.init(number: 1, commits: Array(commits.prefix(3))))),
            ("ack", .ack(1)), ("done", .done), ("bye", .bye), ("ping", .ping), ("error", .error("idle timeout")),
        ]
        var stream = ByteBuffer()
        for (name, message) in messages {
            var frame = ByteBuffer()
            message.encodeFrame(into: &frame)
            try save("fuzz-frame", "body-\(name)", [0] + Array(frame.readableBytesView.dropFirst(4)))
            stream.writeImmutableBuffer(frame)
        }
        try save("fuzz-frame", "stream-session", [1] + Array(stream.readableBytesView))

        // fuzz-sealed: sealed files (one to the fuzzing key) and join requests.
        let sealed = try SealedBundle.seal(
            delta, workspace: fuzzWorkspace, sender: fuzzKey, team: "sales", recipients: [fuzzKey.id, b.device.id],
            created: 1_767_225_600_000)
        try save("fuzz-sealed", "sealed-to-fuzz-key", sealed)
        try save(
            "fuzz-sealed", "sealed-to-other",
            SealedBundle.seal(
                allOnly, workspace: fuzzWorkspace, sender: b.device, team: "marketing", recipients: [b.device.id],
                created: 0))
        try save("fuzz-sealed", "join-request", Array(JoinRequest(key: fuzzKey, name: "Sara", team: "sales").encoded))
        try save("fuzz-sealed", "join-request-unicode", Array(JoinRequest(key: DeviceKey(), name: "Zoë Ñúñez", team: "marketing").encoded))

        // fuzz-card: canonical cards.
        let cycle = try Period(parsing: "2026-H2")
        let cards = [
            SealedCard(cycle: cycle, side: .marketing, grades: ["aab45ed6": .C, "0b12": .A]),
            SealedCard(cycle: cycle, side: .sales, grades: ["878b6421": .B], selfGrades: ["aab45ed6": .F, "c3": .A]),
            SealedCard(cycle: try Period(parsing: "2026-11"), side: .sales, grades: [:]),
        ]
        for (i, card) in cards.enumerated() { try save("fuzz-card", "card-\(i)", Array(card.canonicalText.utf8)) }
        print("fuzz-seeds: wrote \(written) seeds under \(corpus)")
    }
}

import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `cuerda serve`, `sync`, `peers` and `export --for`, driven as a user drives them: a server
/// in the background on a free loopback port, clients that sync with it, and the errors a
/// user can meet (nobody listening, a device the server does not know, bad addresses).
///
/// Every server is started with `--sessions N`, waited for with a deadline, and killed at the
/// end of its test whatever happened.
@Suite struct CLINetworkTests {
    @Test func syncConvergesTwoReplicasAndRemembersThePeer() throws {
        let cli = try CLIWorkdir()
        let (a, b) = try Self.introducedPair(cli)
        #expect(try cli.succeed(["peers", "--replica", "b.cuerda"]) == "No peers yet: `cuerda sync HOST:PORT` with one.\n")
        #expect((try cli.json(["peers", "--json", "--replica", "b.cuerda"]) as? [Any])?.isEmpty == true)

        // Both sides work offline: a writes 3 commits b lacks, b writes 2 that a lacks.
        for i in 1...3 { try cli.succeed(["put", "cells", "a\(i)", "n=\(i)", "--replica", "a.cuerda"]) }
        try cli.succeed(["put", "grades", "g1", "need=leads", "letter=A", "--replica", "a.cuerda"])
        try cli.succeed(["put", "grades", "g1", "need=leads", "letter=C", "--replica", "b.cuerda"])
        try cli.succeed(["put", "cells", "b1", "t=from b", "--replica", "b.cuerda"])
        #expect(try cli.digest("a.cuerda") != cli.digest("b.cuerda"))

        let server = try BackgroundServer(cli, ["--sessions", "2", "--replica", "a.cuerda"])
        defer { server.stop() }
        #expect(server.firstLine.hasPrefix("Serving workspace \(a.workspace) as device \(a.short) on 127.0.0.1:"))

        let report = try #require(
            try cli.json(["sync", "127.0.0.1:\(server.port)", "--json", "--replica", "b.cuerda"]) as? [String: Any])
        #expect(report.string("peer") == a.device, "\(report)")
        #expect(report.int("sent") == 2, "\(report)")
        #expect(report.int("received") == 4 && report.int("applied") == 4, "\(report)")
        #expect(report.int("quarantined") == 0 && report.int("duplicates") == 0 && report.int("pending") == 0, "\(report)")
        #expect((report.int("bytes_sent") ?? 0) > 0 && (report.int("bytes_received") ?? 0) > 0, "\(report)")
        #expect((report.double("seconds") ?? -1) >= 0, "\(report)")
        #expect(Set(report.keys) == Self.jsonKeys, "\(report)")
        #expect((report["revealed"] as? [String])?.isEmpty == true, "no report card here: \(report)")
        #expect(try cli.digest("a.cuerda") == cli.digest("b.cuerda"))
        let grade = try #require(try cli.json(["show", "grades", "g1", "--json", "--replica", "a.cuerda"]) as? [String: Any])
        #expect(Set(grade["letter_siblings"] as? [String] ?? []) == ["A", "C"], "the concurrent grades meet: \(grade)")

        // A second sync has nothing to move; the text form is one summary line.
        let again = try cli.succeed(["sync", "127.0.0.1:\(server.port)", "--replica", "b.cuerda"])
        #expect(again.hasPrefix("Synced with \(a.short) at 127.0.0.1:\(server.port): sent 0 commits ("), "\(again)")
        #expect(again.contains("received 0 ("), "\(again)")
        #expect(again.hasSuffix(" s\n") && again.filter { $0 == "\n" }.count == 1, "\(again)")

        // The server stops after its two sessions and logged one line for each.
        let served = server.finish(timeout: 30)
        #expect(served.status == 0 && !served.killed, "\(served)")
        let lines = served.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(served)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("127.0.0.1:") && $0.contains(" \(b.short): sent ") }, "\(served)")
        #expect(served.stderr.isEmpty, "\(served)")

        // Each side remembers the other and what it held, so a bundle for it holds nothing.
        let peersOfB = try #require(try cli.json(["peers", "--json", "--replica", "b.cuerda"]) as? [[String: Any]])
        #expect(peersOfB.count == 1 && peersOfB.first?.string("device") == a.device, "\(peersOfB)")
        #expect(peersOfB.first?.int("commits") == 8, "a wrote 5 commits, b 3: \(peersOfB)")
        #expect((peersOfB.first?["vector"] as? [[String: Any]])?.count == 2, "\(peersOfB)")
        let table = try cli.succeed(["peers", "--replica", "a.cuerda"]).split(separator: "\n")
        #expect(table.first?.split(separator: " ") == ["DEVICE", "LAST", "SYNC", "FEEDS", "COMMITS"], "\(table)")
        #expect(table.count == 2 && table[1].hasPrefix(b.short + " "), "\(table)")

        let forA = try cli.succeed([
            "export", "--for", String(a.device.prefix(8)), "--out", "for-a.bundle", "--replica", "b.cuerda",
        ])
        #expect(CLIWorkdir.wroteCount(forA) == 0, "\(forA)")
        let forB = try cli.succeed(["export", "--for", b.device, "--out", "for-b.bundle", "--replica", "a.cuerda"])
        #expect(CLIWorkdir.wroteCount(forB) == 0, "\(forB)")
        // Only what was written since the sync.
        try cli.succeed(["put", "cells", "b2", "n=2", "--replica", "b.cuerda"])
        let delta = try cli.succeed([
            "export", "--for", String(a.device.prefix(4)), "--out", "delta.bundle", "--replica", "b.cuerda",
        ])
        #expect(CLIWorkdir.wroteCount(delta) == 1, "\(delta)")

        // `--for` names a remembered peer, and excludes `--since`.
        let unknown = a.device.hasPrefix("0") ? "ffff" : "0000"
        try cli.fail(
            ["export", "--for", unknown, "--out", "x.bundle", "--replica", "b.cuerda"], code: 2,
            mentioning: ["no peer \(unknown)"])
        try cli.fail(["export", "--for", "xyz", "--out", "x.bundle", "--replica", "b.cuerda"], code: 2, mentioning: ["xyz"])
        try cli.succeed(["vector", "--out", "a.vector", "--replica", "a.cuerda"])
        try cli.usageError(
            ["export", "--for", String(a.device.prefix(8)), "--since", "a.vector", "--out", "x.bundle", "--replica", "b.cuerda"],
            mentioning: ["--for", "--since"])
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.bundle")))
    }

    @Test func progressShowsOnALongTransferAndTheSummaryAlways() throws {
        let cli = try CLIWorkdir()
        let (a, _) = try Self.introducedPair(cli)
        // A few thousand commits of a third device reach a, which relays them to b. They are
        // made with the library and applied a thousand per transaction: a `cuerda put` each
        // would take minutes.
        let count = 3000
        do {
            let replica = try Replica.open(at: cli.path("a.cuerda"))
            let author = DeviceKey()
            let feed = FeedID(device: author.id, audience: .all)
            let now = UInt64(Date().timeIntervalSince1970 * 1000) - 60_000
            let commits = (1...count).map { seq in
                CommitContent(
                    workspace: replica.workspace, feed: feed, seq: UInt64(seq),
                    hlc: Timestamp(milliseconds: now, counter: UInt16(seq)),
                    deps: VersionVector(),
                    rows: [
                        RowOp(
                            table: "cells", row: "relayed-\(seq)", life: 1,
                            cells: [
                                CellWrite(column: "n", value: .integer(Int64(seq))),
                                CellWrite(column: "t", value: .text("relayed")),
                            ])
                    ]
                ).signed(by: author)
            }
            for start in stride(from: 0, to: count, by: 1000) {
                let report = try replica.ingest(Array(commits[start..<min(start + 1000, count)]))
                try #require(report.applied == min(1000, count - start), "\(report)")
            }
        }
        let server = try BackgroundServer(cli, ["--sessions", "1", "--replica", "a.cuerda"])
        defer { server.stop() }
        let run = try cli.run(["sync", "127.0.0.1:\(server.port)", "--progress", "--replica", "b.cuerda"], timeout: 300)
        CLIWorkdir.expectNoCrash(run)
        try #require(run.status == 0, "\(run)")
        // The summary is always there, alone on stdout.
        #expect(run.stdout.hasPrefix("Synced with \(a.short) at 127.0.0.1:\(server.port): sent 0 commits ("), "\(run)")
        #expect(run.stdout.contains("received \(count) ("), "\(run)")
        #expect(run.stdout.contains(": \(count) applied, 0 quarantined, 0 already held in "), "\(run)")
        #expect(run.stdout.filter { $0 == "\n" }.count == 1, "\(run)")
        #expect(try cli.digest("a.cuerda") == cli.digest("b.cuerda"))
        #expect(server.finish(timeout: 30).status == 0)

        // Progress is drawn from 0.5 s on, after a batch: a session that lasted over a second
        // applied its last batch after that point, so it must have drawn. A faster one may not.
        let seconds = try #require(Self.summarySeconds(run.stdout), "\(run)")
        if seconds > 1 {
            #expect(run.stderr.contains("\rsent 0/0 commits, received "), "a \(seconds) s sync showed no progress: \(run)")
            #expect(run.stderr.hasSuffix("\r\u{1B}[K"), "the progress line is cleared at the end: \(run)")
        }
        // Whatever it drew is the progress line and nothing else: no error, no newline.
        #expect(!run.stderr.contains("\n") && !run.stderr.contains("error"), "\(run)")
    }

    @Test func syncingWithNobodyListeningFailsCleanly() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        let before = try cli.digest("a.cuerda")
        // A port bound but not listening: connecting is refused, and nobody can take the port
        // while the test holds it.
        let socket = try BoundSocket()
        defer { socket.close() }
        let run = try cli.fail(
            ["sync", "127.0.0.1:\(socket.port)", "--replica", "a.cuerda"], code: 6,
            mentioning: ["cannot connect to 127.0.0.1:\(socket.port)"])
        #expect(run.seconds < 30, "\(run)")
        #expect(try cli.digest("a.cuerda") == before)
    }

    @Test func aDeviceTheServerDoesNotKnowIsRefused() throws {
        let cli = try CLIWorkdir()
        _ = try Self.introducedPair(cli)
        // The stranger joined from a's bundle, so it knows a; a has never seen a commit of it.
        try cli.succeed(["export", "--out", "a.bundle", "--replica", "a.cuerda"])
        let joined = try cli.succeed(["init", "--from", "a.bundle", "--replica", "stranger.cuerda"])
        let stranger = try #require(Self.deviceShort(joined), "\(joined)")
        try cli.succeed(["put", "cells", "s1", "t=unseen", "--replica", "stranger.cuerda"])
        let (digestA, digestS) = (try cli.digest("a.cuerda"), try cli.digest("stranger.cuerda"))

        let server = try BackgroundServer(cli, ["--sessions", "1", "--replica", "a.cuerda"])
        defer { server.stop() }
        let run = try cli.fail(["sync", "127.0.0.1:\(server.port)", "--replica", "stranger.cuerda"], code: 6)
        #expect(run.stderr.contains("the peer refused this device"), "\(run)")
        #expect(!run.stderr.contains("/"), "no source paths in the message: \(run)")
        let served = server.finish(timeout: 30)
        #expect(served.stderr.contains("failed: device \(stranger) is not a member of this workspace"), "\(served)")
        #expect(served.stdout.split(separator: "\n").count == 1, "no session summary: \(served)")
        #expect(try cli.digest("a.cuerda") == digestA && cli.digest("stranger.cuerda") == digestS, "nothing moved")
        #expect(try cli.succeed(["peers", "--replica", "a.cuerda"]).hasPrefix("No peers yet"))

        // The other way round, the client refuses a server it does not know, and says so.
        let reverse = try BackgroundServer(cli, ["--sessions", "1", "--replica", "stranger.cuerda"])
        defer { reverse.stop() }
        try cli.fail(
            ["sync", "127.0.0.1:\(reverse.port)", "--replica", "a.cuerda"], code: 6,
            mentioning: ["device \(stranger) is not a member of this workspace"])
        #expect(reverse.finish(timeout: 30).status == 0)
    }

    @Test func aDeviceOfAnotherWorkspaceIsRefused() throws {
        let cli = try CLIWorkdir()
        let (a, _) = try Self.introducedPair(cli)
        try cli.initReplica("other.cuerda")
        let before = try cli.digest("other.cuerda")
        let server = try BackgroundServer(cli, ["--sessions", "1", "--replica", "a.cuerda"])
        defer { server.stop() }
        try cli.fail(
            ["sync", "127.0.0.1:\(server.port)", "--replica", "other.cuerda"], code: 6,
            mentioning: ["device \(a.short) is not a member of this workspace"])
        let served = server.finish(timeout: 30)
        #expect(served.status == 0 && served.stderr.contains("failed: "), "\(served)")
        #expect(try cli.digest("other.cuerda") == before)
    }

    @Test func badAddressesAndPortsAreRefusedBeforeConnecting() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        for address in ["127.0.0.1:notaport", "::1:7420", "", "[::1", "127.0.0.1:0", "127.0.0.1:70000"] {
            let run = try cli.run(["sync", address, "--replica", "a.cuerda"], timeout: 30)
            CLIWorkdir.expectNoCrash(run)
            #expect(run.status != 0 && run.stdout.isEmpty, "\(run)")
            #expect(run.seconds < 20, "\(run)")
            #expect(
                run.status == 2 && run.stderr.hasPrefix("cuerda: error: ") && run.stderr.filter { $0 == "\n" }.count == 1,
                "\(run)")
        }
        try cli.usageError(["serve", "--port", "70000", "--replica", "a.cuerda"], mentioning: ["--port"])
        try cli.usageError(["serve", "--port", "-1", "--replica", "a.cuerda"])
        try cli.usageError(["serve", "--sessions", "0", "--replica", "a.cuerda"], mentioning: ["--sessions"])
        try cli.usageError(
            ["sync", "127.0.0.1:7420", "--idle-timeout", "0", "--replica", "a.cuerda"], mentioning: ["--idle-timeout"])
    }

    // MARK: - Helpers

    /// The keys of `cuerda sync --json`.
    static let jsonKeys: Set<String> = [
        "peer", "sent", "received", "applied", "quarantined", "duplicates", "pending", "bytes_sent", "bytes_received", "seconds",
        "revealed", "forks",
    ]

    /// A device as the tests need it: the workspace, the full hex ID and the 12-digit short form.
    struct Device {
        var workspace: String
        var device: String
        var short: String { String(device.prefix(12)) }
    }

    /// Two replicas of one workspace, `a.cuerda` (the founder) and `b.cuerda` (joined from a
    /// bundle), that know each other as members the only way there is today: each has applied
    /// a commit the other signed.
    static func introducedPair(_ cli: CLIWorkdir, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        Device, Device
    ) {
        let workspace = try cli.initReplica("a.cuerda", sourceLocation: sourceLocation)
        try cli.succeed(["put", "cells", "a0", "t=founded", "--replica", "a.cuerda"], sourceLocation: sourceLocation)
        let a = try devices(cli, "a.cuerda", sourceLocation: sourceLocation)
        try #require(a.count == 1, "\(a)", sourceLocation: sourceLocation)
        try cli.succeed(["export", "--out", "a-intro.bundle", "--replica", "a.cuerda"], sourceLocation: sourceLocation)
        try cli.succeed(["init", "--from", "a-intro.bundle", "--replica", "b.cuerda"], sourceLocation: sourceLocation)
        try cli.succeed(["put", "cells", "b0", "t=joined", "--replica", "b.cuerda"], sourceLocation: sourceLocation)
        let b = try devices(cli, "b.cuerda", sourceLocation: sourceLocation).subtracting(a)
        try #require(b.count == 1, "\(b)", sourceLocation: sourceLocation)
        try cli.succeed(["export", "--out", "b-intro.bundle", "--replica", "b.cuerda"], sourceLocation: sourceLocation)
        try cli.succeed(["import", "b-intro.bundle", "--replica", "a.cuerda"], sourceLocation: sourceLocation)
        return (Device(workspace: workspace, device: a.first!), Device(workspace: workspace, device: b.first!))
    }

    /// The devices of the feeds a replica holds (`cuerda vector`).
    static func devices(_ cli: CLIWorkdir, _ replica: String, sourceLocation: SourceLocation) throws -> Set<String> {
        let vector = try #require(
            try cli.json(["vector", "--replica", replica], sourceLocation: sourceLocation) as? [[String: Any]],
            sourceLocation: sourceLocation)
        return Set(vector.compactMap { $0.string("device") })
    }

    /// The short device ID in `Joined workspace W as device D at PATH`.
    static func deviceShort(_ joined: String) -> String? {
        let words = joined.split(separator: " ")
        guard let index = words.firstIndex(of: "device"), index + 1 < words.count else { return nil }
        return String(words[index + 1])
    }

    /// The seconds at the end of a sync summary: `… in 1.23 s`.
    static func summarySeconds(_ summary: String) -> Double? {
        let line = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasSuffix(" s"), let range = line.range(of: " in ", options: .backwards) else { return nil }
        return Double(line[range.upperBound...].dropLast(2))
    }
}

/// `cuerda serve` running in the background of one test, its output captured in files.
///
/// The constructor returns once the server has printed its first line and the port in it;
/// ``finish(timeout:)`` waits for the server to stop by itself (after `--sessions`), and
/// ``stop()`` kills it if it is still running. Every wait has a deadline.
final class BackgroundServer {
    /// How the server ended.
    struct Outcome: CustomStringConvertible {
        var status: Int32
        /// Killed at the deadline (or by ``stop()``) rather than stopping by itself.
        var killed: Bool
        var stdout: String
        var stderr: String

        var description: String {
            "cuerda serve: \(killed ? "killed" : "exit \(status)")\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
        }
    }

    private let process = Process()
    private let exited = DispatchSemaphore(value: 0)
    private var ended = false
    private var killed = false
    private let outPath: String
    private let errPath: String
    private(set) var port = 0
    /// `Serving workspace W as device D on HOST:PORT`.
    private(set) var firstLine = ""

    /// Starts `cuerda serve --port 0 ARGUMENTS` in the scratch directory.
    init(_ cli: CLIWorkdir, _ arguments: [String], startTimeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let scratch = cli.path("serve-\(UUID().uuidString.prefix(8))")
        outPath = scratch + ".out"
        errPath = scratch + ".err"
        guard FileManager.default.createFile(atPath: outPath, contents: nil),
            FileManager.default.createFile(atPath: errPath, contents: nil)
        else { throw CocoaError(.fileWriteUnknown) }
        process.executableURL = URL(fileURLWithPath: cli.binary)
        process.arguments = ["serve", "--port", "0", "--timeout", "300"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cli.dir.path)
        var environment = ProcessInfo.processInfo.environment
        environment["CUERDA_REPLICA"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let deadline = Date().addingTimeInterval(startTimeout)
        while Date() < deadline {
            let out = Self.read(outPath)
            if let newline = out.firstIndex(of: "\n") {
                firstLine = String(out[..<newline])
                break
            }
            if exited.wait(timeout: .now() + .milliseconds(20)) == .success {
                ended = true
                break
            }
        }
        if let colon = firstLine.lastIndex(of: ":"), firstLine.hasPrefix("Serving workspace "),
            let port = Int(firstLine[firstLine.index(after: colon)...])
        {
            self.port = port
        }
        if port == 0 {
            let outcome = finish(timeout: 0)
            try #require(port > 0, "cuerda serve did not start: \(outcome)", sourceLocation: sourceLocation)
        }
    }

    /// Waits at most `timeout` seconds for the server to exit by itself, then kills it.
    @discardableResult
    func finish(timeout: Double) -> Outcome {
        if !ended {
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                // SIGKILL cannot be ignored; the bound only guards against a wedged kernel.
                _ = exited.wait(timeout: .now() + 10)
            }
            ended = true
        }
        return Outcome(
            status: process.isRunning ? -1 : process.terminationStatus, killed: killed, stdout: Self.read(outPath),
            stderr: Self.read(errPath))
    }

    /// Kills the server unless it has already stopped.
    func stop() {
        finish(timeout: 0)
    }

    deinit { stop() }

    private static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}

/// A TCP socket bound to a free loopback port but not listening: a connection to the port
/// is refused for as long as the socket is held.
struct BoundSocket {
    let descriptor: Int32
    let port: Int

    init() throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            Self.close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Self.close(descriptor) }

    private static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }
}

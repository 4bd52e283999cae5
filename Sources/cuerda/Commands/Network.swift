import ArgumentParser
import CuerdaCore
import CuerdaNet
import CuerdaStore
import Foundation

/// The port `serve` listens on and `sync` connects to when none is given.
let defaultPort = 7420

/// Timeouts shared by `serve` and `sync`.
struct TimeoutOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Drop a peer that sends nothing for this many seconds.", valueName: "seconds"))
    var idleTimeout: Double = 30
    @Option(help: ArgumentHelp("Stop any session that runs longer than this many seconds.", valueName: "seconds"))
    var timeout: Double = 3600

    func validate() throws {
        guard idleTimeout > 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout must be between 0 and 86400") }
        guard timeout > 0, timeout <= 7 * 86_400 else { throw ValidationError("--timeout must be between 0 and 604800") }
    }

    var configuration: SyncConfiguration {
        var c = SyncConfiguration()
        c.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        c.pingInterval = .milliseconds(Int64(max(0.05, idleTimeout / 4) * 1000))
        c.totalTimeout = .milliseconds(Int64(timeout * 1000))
        return c
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Listen for peers and sync with each one that is a member of the workspace.",
        discussion: """
            Listens on 127.0.0.1 unless --bind names another address. Every connection is \
            mutual TLS 1.3: each side's certificate is its device key, and a device this \
            replica does not know as a member is refused during the handshake. A serving \
            replica relays the commits of every device it has heard from: a hub is just a peer.

            Examples:
              cuerda serve
              cuerda serve --bind 0.0.0.0 --port 7420
              cuerda serve --port 0 --sessions 1
            """)

    @OptionGroup var replica: ReplicaOptions
    @Option(help: ArgumentHelp("The TCP port; 0 picks a free one.", valueName: "port")) var port = defaultPort
    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address")) var bind = "127.0.0.1"
    @Option(help: ArgumentHelp("Stop after serving this many connections.", valueName: "count")) var sessions: Int?
    @OptionGroup var timeouts: TimeoutOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let sessions, sessions < 1 { throw ValidationError("--sessions must be at least 1") }
    }

    func run() throws {
        let replica = try replica.open()
        let (bind, port, sessions, configuration) = (bind, port, sessions, timeouts.configuration)
        try waitFor { () async throws(CuerdaError) in
            let server = try await SyncServer.bind(replica: replica, host: bind, port: port, configuration: configuration)
            say("Serving workspace \(replica.workspace) as device \(replica.device.id.short) on \(server.host):\(server.port)")
            try await server.run(limit: sessions) { outcome in
                switch outcome.result {
                case .success(let report):
                    say("\(outcome.remote) \(report.peer?.short ?? "?"): \(report.summary)")
                    for line in ArrivalHooks.revealReadyCards(replica) { say(line) }
                case .failure(let error):
                    FileHandle.standardError.write(Data("cuerda: session with \(outcome.remote) failed: \(error)\n".utf8))
                }
            }
        }
    }
}

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sync once with a peer running `cuerda serve`.",
        discussion: """
            Both sides send what the other lacks and may see, in causal order and in batches \
            applied one transaction each: a connection cut at any point leaves both replicas \
            consistent, and the next sync completes from where it stopped. Progress shows on \
            long transfers when stderr is a terminal; a one-line summary ends the sync.

            Examples:
              cuerda sync 192.168.1.20:7420
              cuerda sync hub.local
              cuerda sync [::1]:7420 --json
            """)

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The peer: HOST:PORT, HOST (port \(defaultPort)) or [IPv6]:PORT.", valueName: "address"))
    var address: String
    @OptionGroup var timeouts: TimeoutOptions
    @Flag(help: "Show progress even when stderr is not a terminal.") var progress = false
    @Flag(help: "Never show progress.") var quiet = false

    func run() throws {
        let replica = try replica.open()
        let peer = try PeerAddress(address)
        let display = (progress || isatty(STDERR_FILENO) == 1) && !quiet ? ProgressLine() : nil
        let configuration = timeouts.configuration
        var onProgress: (@Sendable (SyncProgress) -> Void)?
        if let display { onProgress = { @Sendable progress in display.update(progress) } }
        let report = try waitFor { [onProgress] () async throws(CuerdaError) -> SyncReport in
            try await SyncClient.sync(
                replica: replica, host: peer.host, port: peer.port, configuration: configuration, progress: onProgress)
        }
        display?.finish()
        let revealed = ArrivalHooks.revealReadyCards(replica)
        if output.json {
            try Output.json([
                "peer": report.peer?.hex ?? "", "sent": report.sent, "received": report.received.received,
                "applied": report.received.applied, "quarantined": report.received.quarantined,
                "duplicates": report.received.duplicates, "pending": report.received.pending, "forks": report.received.forks,
                "bytes_sent": report.bytesSent, "bytes_received": report.bytesReceived,
                "seconds": (report.seconds * 1000).rounded() / 1000, "revealed": revealed,
            ])
        } else {
            print("Synced with \(report.peer?.short ?? "?") at \(address): \(report.summary)")
            for line in revealed { print(line) }
        }
    }
}

struct Peers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the peers this replica has synced with, and what each held.",
        discussion: "Example:\n  cuerda peers --json")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let peers = try replica.open().peers()
        if output.json {
            try Output.json(
                peers.map { peer in
                    [
                        "device": peer.device.hex, "updated_ms": peer.updated,
                        "commits": peer.vector.heads.values.reduce(0, +), "vector": VectorFile.json(peer.vector),
                    ] as [String: Any]
                })
        } else if peers.isEmpty {
            print("No peers yet: `cuerda sync HOST:PORT` with one.")
        } else {
            let format = ISO8601DateFormatter()
            Output.table(
                ["DEVICE", "LAST SYNC", "FEEDS", "COMMITS"],
                peers.map { peer in
                    [
                        peer.device.short, format.string(from: Date(timeIntervalSince1970: Double(peer.updated) / 1000)),
                        "\(peer.vector.heads.count)", "\(peer.vector.heads.values.reduce(0, +))",
                    ]
                })
        }
    }
}

/// Prints a line at once, even when stdout is a pipe (a script waits for the port).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// `HOST:PORT`, `HOST`, `[IPv6]:PORT` or `[IPv6]`.
struct PeerAddress {
    var host: String
    var port: Int

    init(_ text: String) throws(CuerdaError) {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw Self.bad(text) }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw Self.bad(text) }
                portText = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard text.firstIndex(of: ":") == colon else {
                throw CuerdaError(.invalidArgument, "write an IPv6 address in brackets: [\(text)]:\(defaultPort)")
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw Self.bad(text) }
        self.host = host
        if let portText {
            guard let port = Int(portText), (1...65_535).contains(port) else {
                throw CuerdaError(.invalidArgument, "'\(portText)' is not a TCP port (1-65535)")
            }
            self.port = port
        } else {
            self.port = defaultPort
        }
    }

    private static func bad(_ text: String) -> CuerdaError {
        CuerdaError(.invalidArgument, "'\(text)' is not an address: use HOST:PORT, HOST or [IPv6]:PORT")
    }
}

/// One line on stderr, redrawn in place at most ten times a second.
final class ProgressLine: @unchecked Sendable {
    // Guarded by `lock`: progress arrives from the session's tasks.
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let started = Date()

    func update(_ progress: SyncProgress) {
        lock.withLock {
            let now = Date()
            // Short syncs finish before the first redraw: nothing flickers.
            guard now.timeIntervalSince(started) > 0.5, now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            drawn = true
            let line =
                "\rsent \(progress.sent)/\(progress.toSend) commits, received \(progress.received) "
                + "(\(Self.size(progress.bytesSent)) out, \(Self.size(progress.bytesReceived)) in)\u{1B}[K"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        lock.withLock { if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
    }

    private static func size(_ bytes: Int) -> String {
        bytes < 1_048_576
            ? String(format: "%.1f KiB", Double(bytes) / 1024) : String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}

/// Runs async library work from a synchronous command, mapping its error through.
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws(CuerdaError) -> T) throws(CuerdaError) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do throws(CuerdaError) {
            box.result = .success(try await body())
        } catch {
            box.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// Carries a task's result to the thread waiting for it.
private final class ResultBox<T>: @unchecked Sendable {
    // Written once by the task before the semaphore is signalled, read only after the wait.
    var result: Result<T, CuerdaError>?
}

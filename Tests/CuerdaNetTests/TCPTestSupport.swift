import CuerdaCore
import CuerdaNet
import CuerdaStore
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// Real TCP sessions on 127.0.0.1 for the tests of this target: a server bound to port 0,
/// a client connecting to it (directly or through a ``CuttingProxy``), and both outcomes.
enum LoopbackSession {
    /// Both ends of one session. The server's is nil when its session did not end in time.
    struct Outcome: Sendable {
        var client: Result<SyncReport, CuerdaError>
        var server: Result<SyncReport, CuerdaError>?
        /// Whether the client's sync returned in time (a nil `client` is impossible: a hang
        /// is reported as a `.timeout` failure with `clientHung` set).
        var clientHung = false

        /// Both reports, or an error saying which side failed and why.
        func reports() throws -> (client: SyncReport, server: SyncReport) {
            let clientReport = try client.get()
            guard let server else { throw CuerdaError(.timeout, "the server's session did not end") }
            return (clientReport, try server.get())
        }
    }

    /// Runs one session between `client` and `server` and waits for both ends.
    ///
    /// - Parameters:
    ///   - through: makes the port the client connects to from the server's port (a proxy);
    ///     nil: the client connects to the server directly.
    ///   - deadline: seconds after which a side that has not finished counts as hung, so that a
    ///     hang fails the test instead of stalling the run.
    static func run(
        client: Replica, server: Replica, configuration: SyncConfiguration = SyncConfiguration(),
        serverConfiguration: SyncConfiguration? = nil, through: (@Sendable (Int) async throws -> Int)? = nil,
        deadline: Double = 120, progress: (@Sendable (SyncProgress) -> Void)? = nil
    ) async throws -> Outcome {
        let listener = try await SyncServer.bind(
            replica: server, host: "127.0.0.1", port: 0, configuration: serverConfiguration ?? configuration)
        let serverOutcome = Mutex<Result<SyncReport, CuerdaError>?>(nil)
        let serving = Task {
            try await listener.run(limit: 1) { outcome in serverOutcome.withLock { $0 = outcome.result } }
        }
        let port: Int
        do {
            port = try await through?(listener.port) ?? listener.port
        } catch {
            await listener.close()
            serving.cancel()
            throw error
        }
        let clientResult = await finishing(within: deadline) { () -> Result<SyncReport, CuerdaError> in
            do throws(CuerdaError) {
                return .success(
                    try await SyncClient.sync(
                        replica: client, host: "127.0.0.1", port: port, configuration: configuration, progress: progress))
            } catch {
                return .failure(error)
            }
        }
        guard let clientResult else {
            await listener.close()
            return Outcome(
                client: .failure(CuerdaError(.timeout, "the client's sync did not return within \(deadline) s")), server: nil,
                clientHung: true)
        }
        // The server serves exactly one connection; when the client could not even connect
        // (a proxy that refused), nothing will come, so stop listening.
        let served = await finishing(within: deadline) { (try? await serving.value) != nil }
        if served == nil { await listener.close() }
        return Outcome(client: clientResult, server: serverOutcome.withLock { $0 })
    }

    /// Runs one session that must succeed on both ends, and returns both reports.
    static func sync(
        client: Replica, server: Replica, configuration: SyncConfiguration = SyncConfiguration(),
        progress: (@Sendable (SyncProgress) -> Void)? = nil
    ) async throws -> (client: SyncReport, server: SyncReport) {
        try await run(client: client, server: server, configuration: configuration, progress: progress).reports()
    }
}

/// Runs `body` in a task and returns its value, or nil if it has not finished after `seconds`.
/// A body that never finishes is left running: a hang becomes a test failure, not a stalled run.
func finishing<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () async -> T) async -> T? {
    let work = Task { await body() }
    let once = FirstOnly()
    let timer = Task<Void, Never>.detached { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
    let value: T? = await withCheckedContinuation { continuation in
        Task {
            let value = await work.value
            if once.claim() { continuation.resume(returning: value) }
        }
        Task {
            await timer.value
            if once.claim() { continuation.resume(returning: nil) }
        }
    }
    timer.cancel()
    return value
}

/// True for the first caller only.
private final class FirstOnly: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}

/// This process's memory as Linux reports it in `/proc/self/status`.
enum ProcessMemory {
    /// Resident set size now, and its peak since the process started (`VmHWM`), in bytes;
    /// nil where `/proc` is not available.
    static func current() -> (rss: Int, peak: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            let number = line.dropFirst(name.count + 1).split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) }
            return number.map { $0 * 1024 }  // the file counts kB
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        return (rss, peak)
    }

    /// Resets the peak (`VmHWM`) to the current RSS by writing 5 to `/proc/self/clear_refs`,
    /// which Linux allows a process to do for itself. Returns false when it is not possible.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }
}

/// A TCP proxy on 127.0.0.1 that forwards bytes both ways between one client and a target
/// port, and cuts both connections once a chosen direction has forwarded a chosen number of
/// bytes: the bytes up to the cut are delivered, nothing after it.
///
/// Both connections of a pair live on one event loop, so forwarding needs no locking; the
/// counts are shared with the test through a mutex.
final class CuttingProxy: Sendable {
    enum Direction: String, Sendable, CaseIterable {
        case toServer = "client→server"
        case toClient = "server→client"
    }

    /// Where to cut: after `bytes` bytes forwarded in `direction` (0: before the first byte).
    struct Cut: Sendable, CustomStringConvertible {
        var direction: Direction
        var bytes: Int
        var description: String { "\(direction) after \(bytes) bytes" }
    }

    struct Counts: Sendable {
        var toServer = 0
        var toClient = 0
        var connections = 0
        var didCut = false

        subscript(direction: Direction) -> Int {
            get { direction == .toServer ? toServer : toClient }
            set { if direction == .toServer { toServer = newValue } else { toClient = newValue } }
        }
    }

    let port: Int
    private let listener: any Channel
    private let meter: Meter

    private init(listener: any Channel, meter: Meter) {
        self.listener = listener
        self.meter = meter
        port = listener.localAddress?.port ?? 0
    }

    /// Bytes forwarded so far in each direction, and whether the cut happened.
    var counts: Counts { meter.counts.withLock { $0 } }

    /// Starts a proxy to `127.0.0.1:target`; `cut` nil forwards everything.
    static func start(to target: Int, cut: Cut?, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> CuttingProxy
    {
        let meter = Meter(cut: cut)
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                let fromClient = Forwarder(reads: .toServer, meter: meter)
                let fromServer = Forwarder(reads: .toClient, meter: meter)
                meter.counts.withLock { $0.connections += 1 }
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture { try outbound.pipeline.syncOperations.addHandler(fromServer) }
                    }
                    .connect(host: "127.0.0.1", port: target)
                    .flatMap { outbound in
                        fromClient.partner = outbound
                        fromServer.partner = inbound
                        return inbound.eventLoop.makeCompletedFuture {
                            try inbound.pipeline.syncOperations.addHandler(fromClient)
                        }
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return CuttingProxy(listener: listener, meter: meter)
    }

    /// Stops listening (connections in progress go on until they end or are cut).
    func close() async {
        try? await listener.close()
    }

    final class Meter: Sendable {
        let cut: Cut?
        let counts = Mutex(Counts())

        init(cut: Cut?) { self.cut = cut }

        /// How many of `count` bytes read in `direction` may pass, and whether to cut after them.
        func admit(_ count: Int, _ direction: Direction) -> (pass: Int, cut: Bool) {
            counts.withLock { c in
                if c.didCut { return (0, false) }
                guard let cut, cut.direction == direction else {
                    c[direction] += count
                    return (count, false)
                }
                let pass = min(count, max(0, cut.bytes - c[direction]))
                c[direction] += pass
                if c[direction] >= cut.bytes {
                    c.didCut = true
                    return (pass, true)
                }
                return (pass, false)
            }
        }

        var isCut: Bool { counts.withLock { $0.didCut } }
    }

    /// Reads one side and writes the other.
    final class Forwarder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let direction: Direction
        let meter: Meter
        /// The other connection of the pair; on the same event loop.
        var partner: (any Channel)?

        init(reads direction: Direction, meter: Meter) {
            self.direction = direction
            self.meter = meter
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            let (pass, cut) = meter.admit(buffer.readableBytes, direction)
            guard let partner else {
                context.close(promise: nil)
                return
            }
            if pass > 0, let slice = buffer.readSlice(length: pass) {
                let written = partner.writeAndFlush(slice)
                if cut { written.whenComplete { _ in partner.close(promise: nil) } }
            } else if cut {
                partner.close(promise: nil)
            }
            if cut || meter.isCut { context.close(promise: nil) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            // What was read before the end goes out before the partner closes: an empty write
            // completes after every earlier one.
            if let partner {
                partner.writeAndFlush(context.channel.allocator.buffer(capacity: 0)).whenComplete { _ in
                    partner.close(promise: nil)
                }
            }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

/// The files of a replica, so that a prepared scenario can be copied for each trial.
enum ReplicaFiles {
    /// Copies the closed replica at `path` (database, write-ahead log if any, key) to `destination`.
    static func copy(_ path: String, to destination: String) throws {
        let fileManager = FileManager.default
        for suffix in ["", "-wal", ".key"] where fileManager.fileExists(atPath: path + suffix) {
            try fileManager.copyItem(atPath: path + suffix, toPath: destination + suffix)
        }
    }
}

/// Runs blocking work (waiting for a child process) on a thread of its own, so that it does
/// not hold one of the few threads of the shared cooperative pool that other tests' sessions
/// need.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Commits made in bulk for a device that is not a replica here (an author whose commits a
/// replica relays), signed for real and ingested in chunks: much cheaper than one
/// `Replica.write` per commit, which waits for the disk each time.
enum BulkCommits {
    /// Makes `count` commits of `author`'s `all` feed, each changing `rowsPerCommit` rows of
    /// `cells` (rows `prefix0`… reused from commit to commit, created by the first), one blob
    /// cell of `cellBytes` bytes per row, and ingests them into `replica` `chunk` at a time.
    ///
    /// - Returns: the total size of the signed commits (bytes and signatures).
    @discardableResult
    static func load(
        into replica: Replica, author: DeviceKey, count: Int, rowsPerCommit: Int, cellBytes: Int, prefix: String = "bulk",
        chunk: Int = 20
    ) throws -> Int {
        let feed = FeedID(device: author.id, audience: .all)
        // Timestamps a minute in the past, strictly increasing: never "too far ahead".
        let base = UInt64(Date().timeIntervalSince1970 * 1000) - 60_000
        var payload = (0..<cellBytes).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        var total = 0
        var seq: UInt64 = 0
        while seq < UInt64(count) {
            var commits: [SignedCommit] = []
            for _ in 0..<min(chunk, count - Int(seq)) {
                seq += 1
                if !payload.isEmpty { payload[0] = UInt8(truncatingIfNeeded: seq) }
                let rows = (0..<rowsPerCommit).map { r in
                    RowOp(
                        table: "cells", row: "\(prefix)\(r)", life: seq == 1 ? 1 : nil,
                        cells: [
                            CellWrite(column: "x", value: .blob(payload)), CellWrite(column: "n", value: .integer(Int64(seq))),
                        ])
                }
                let content = CommitContent(
                    workspace: replica.workspace, feed: feed, seq: seq,
                    hlc: Timestamp(milliseconds: base + seq / 1000, counter: UInt16(seq % 1000)), deps: VersionVector(),
                    rows: rows)
                let signed = content.signed(by: author)
                total += signed.bytes.count + signed.signature.count
                commits.append(signed)
            }
            let report = try replica.ingest(commits)
            guard report.applied == commits.count else {
                throw CuerdaError(.rejectedWrite, "bulk commits were not all applied: \(report)")
            }
        }
        return total
    }
}

import CuerdaCore
import CuerdaStore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One sync between this replica and an authenticated peer, the same on both ends.
///
/// Two tasks share the connection: the receiver applies the peer's batches one transaction
/// each and acknowledges them; the sender streams this side's delta with at most
/// ``SyncConfiguration/window`` batches unacknowledged, so a slow peer holds up the sender
/// instead of filling memory. SQLite work runs on a thread pool, never on an event loop.
///
/// Only the sender ever waits on a write. The receiver posts its acks without waiting, so
/// that when both directions are full it keeps reading — otherwise two receivers, each
/// blocked writing an ack the other is not reading, would wait on each other for ever.
struct SyncSession {
    let channel: any Channel
    let replica: Replica
    let configuration: SyncConfiguration
    let threadPool: NIOThreadPool
    let gate: PeerGate
    let counter: WireByteCounter
    let progress: (@Sendable (SyncProgress) -> Void)?

    /// Shared between the two tasks of a session.
    private struct State {
        var peer: DeviceID?
        var peerVector: VersionVector?
        var audiences: Set<Audience> = []
        var sentBatches: UInt64 = 0
        var doneSent = false
        var senderFinished = false
        var peerDone = false
        var byeSent = false
        var report = SyncReport()
        var progress = SyncProgress()
    }

    func run(inbound: NIOAsyncChannelInboundStream<SyncMessage>) async throws -> SyncReport {
        let started = NIODeadline.now()
        let state = NIOLockedValueBox(State())
        let (hellos, helloSink) = AsyncStream.makeStream(of: SyncMessage.Hello.self)
        let (acks, ackSink) = AsyncStream.makeStream(of: UInt64.self)
        let (ourVector, ourTips) = try await db { try $0.vectorAndTips() }
        // The hello goes out once this side has accepted the peer's certificate (never if it
        // refuses it: the reason then surfaces from the inbound side). In a governed workspace
        // it names only the feeds of audiences the peer may hold, the only ones it can send
        // back, so the other team learns nothing of this team's private feeds, not even their
        // length. (In an open workspace a peer's audiences are only a guess from what it wrote,
        // and a relay holds more: the whole vector goes.)
        let (workspace, device, governed) = (replica.workspace, replica.device.id, replica.charter != nil)
        gate.whenAccepted { audiences in
            let (vector, tips) =
                governed ? (ourVector.filtered(to: audiences), ourTips.filtered(to: audiences)) : (ourVector, ourTips)
            post(.hello(.init(workspace: workspace, device: device, vector: vector, tips: tips)))
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer {
                        helloSink.finish()
                        ackSink.finish()
                    }
                    try await receive(inbound, state, helloSink, ackSink)
                }
                group.addTask { try await send(state, hellos, acks) }
                try await group.waitForAll()
            }
        } catch {
            try? await remember(state)
            throw error
        }
        // Both sides now hold what the other could give: remember it for `export --for`.
        let (audiences, peerVector) = state.withLockedValue { ($0.audiences, $0.peerVector ?? VersionVector()) }
        state.withLockedValue { $0.peerVector = peerVector.merging(ourVector.filtered(to: audiences)) }
        try await remember(state)
        return state.withLockedValue { s in
            var report = s.report
            report.bytesSent = counter.sent
            report.bytesReceived = counter.received
            report.seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
            return report
        }
    }

    // MARK: - Receiving

    private func receive(
        _ inbound: NIOAsyncChannelInboundStream<SyncMessage>, _ state: NIOLockedValueBox<State>,
        _ helloSink: AsyncStream<SyncMessage.Hello>.Continuation,
        _ ackSink: AsyncStream<UInt64>.Continuation
    ) async throws {
        // What a peer may send is what this device may hold: read once, not per batch.
        let mine = try await db { try $0.audiences(visibleTo: $0.device.id) }
        var nextBatch: UInt64 = 1
        var nextAck: UInt64 = 1
        var sawHello = false
        for try await message in inbound {
            switch message {
            case .hello(let hello):
                guard !sawHello else { throw violation("a second hello") }
                try accept(hello, state)
                sawHello = true
                helloSink.yield(hello)
                helloSink.finish()
            case .batch(let batch):
                guard sawHello else { throw violation("a batch before the hello") }
                guard !state.withLockedValue({ $0.peerDone }) else { throw violation("a batch after done") }
                guard batch.number == nextBatch else { throw violation("batch \(batch.number) where \(nextBatch) was due") }
                guard !batch.commits.isEmpty, batch.commits.count <= configuration.maxBatchCommits else {
                    throw violation("a batch of \(batch.commits.count) commits (1 to \(configuration.maxBatchCommits) allowed)")
                }
                let commits = batch.commits
                let applied = try await db { replica in
                    guard let mine else { return try replica.ingest(commits) }
                    do {
                        return try replica.ingest(commits, within: mine)
                    } catch let error as CuerdaError where error.code == .badBundle {
                        throw CuerdaError(.protocolViolation, "the peer sent commits this device may not hold: \(error.message)")
                    }
                }
                nextBatch += 1
                let snapshot = state.withLockedValue { s in
                    s.report.received.add(applied)
                    s.progress.received += commits.count
                    return s.progress
                }
                post(.ack(batch.number))
                report(snapshot)
            case .ack(let number):
                let sent = state.withLockedValue { $0.sentBatches }
                guard number == nextAck, number <= sent else { throw violation("an ack for batch \(number), which is not due") }
                nextAck += 1
                ackSink.yield(number)
            case .done:
                guard sawHello else { throw violation("done before the hello") }
                guard !state.withLockedValue({ $0.peerDone }) else { throw violation("done twice") }
                state.withLockedValue { $0.peerDone = true }
                sayByeIfComplete(state)
            case .bye:
                // The peer has acknowledged everything we sent, and has sent all it will.
                guard state.withLockedValue({ $0.peerDone && $0.doneSent }), nextAck > state.withLockedValue({ $0.sentBatches })
                else { throw violation("bye before the exchange was complete") }
                return
            case .ping:
                continue
            case .error(let reason):
                throw CuerdaError(.network, "the peer stopped the sync: \(reason)")
            }
        }
        throw CuerdaError(.network, "the peer closed the connection before the sync finished")
    }

    /// Checks the peer's hello against what the TLS handshake established.
    private func accept(_ hello: SyncMessage.Hello, _ state: NIOLockedValueBox<State>) throws {
        guard hello.version == SyncMessage.protocolVersion else {
            throw CuerdaError(
                .protocolViolation,
                "the peer speaks sync protocol version \(hello.version); this build speaks \(SyncMessage.protocolVersion)")
        }
        guard hello.workspace == replica.workspace else {
            throw CuerdaError(.wrongWorkspace, "the peer belongs to workspace \(hello.workspace), not \(replica.workspace)")
        }
        guard case .accepted(let device, let audiences) = gate.outcome else {
            throw CuerdaError(.refused, "the peer's hello came before its certificate was accepted")
        }
        guard hello.device == device else {
            throw CuerdaError(.refused, "the peer's hello names device \(hello.device.short), its certificate \(device.short)")
        }
        state.withLockedValue { s in
            s.peer = device
            s.peerVector = hello.vector
            s.audiences = audiences
            s.report.peer = device
        }
    }

    // MARK: - Sending

    private func send(
        _ state: NIOLockedValueBox<State>,
        _ hellos: AsyncStream<SyncMessage.Hello>, _ acks: AsyncStream<UInt64>
    ) async throws {
        var helloIterator = hellos.makeAsyncIterator()
        guard let hello = await helloIterator.next() else { return }  // the receiver failed first
        let audiences = state.withLockedValue { $0.audiences }
        // The tips add what the peer needs to notice a fork that equal numbers hide.
        let tips = hello.tips.isEmpty ? nil : hello.tips
        var cursor = try await db { try $0.cursor(since: hello.vector, audiences: audiences, tips: tips) }
        state.withLockedValue { $0.progress.toSend = cursor.total }
        var ackIterator = acks.makeAsyncIterator()
        // The acks end only when the receiver stops: on its error, which is the one to report,
        // so the sender then just stops.
        func awaitAck() async -> Bool { await ackIterator.next() != nil }
        var inFlight = 0
        var number: UInt64 = 0
        let (maxCommits, maxBytes) = (configuration.batchCommits, configuration.batchBytes)
        while cursor.remaining > 0 {
            if inFlight >= configuration.window {
                guard await awaitAck() else { return }
                inFlight -= 1
            }
            let current = cursor
            let (batch, advanced) = try await db { replica in
                var next = current
                return (try next.next(from: replica, maxCommits: maxCommits, maxBytes: maxBytes), next)
            }
            cursor = advanced
            guard !batch.isEmpty else { break }
            number += 1
            let snapshot = state.withLockedValue { s in
                s.sentBatches = number
                s.report.sent += batch.count
                s.progress.sent += batch.count
                return s.progress
            }
            try await write(.batch(.init(number: number, commits: batch)))
            inFlight += 1
            report(snapshot)
        }
        state.withLockedValue { $0.doneSent = true }
        try await write(.done)
        while inFlight > 0 {
            guard await awaitAck() else { return }
            inFlight -= 1
        }
        state.withLockedValue { $0.senderFinished = true }
        sayByeIfComplete(state)
    }

    /// Sends `bye` once: when the peer is done and everything we sent is acknowledged.
    private func sayByeIfComplete(_ state: NIOLockedValueBox<State>) {
        let due = state.withLockedValue { s in
            guard s.peerDone, s.senderFinished, !s.byeSent else { return false }
            s.byeSent = true
            return true
        }
        if due { post(.bye) }
    }

    /// Writes and waits until the message has gone to the socket: paces the sender.
    private func write(_ message: SyncMessage) async throws {
        try await channel.writeAndFlush(message).get()
    }

    /// Writes without waiting. The order of all writes is kept: they go through one pipeline.
    private func post(_ message: SyncMessage) {
        channel.writeAndFlush(message, promise: nil)
    }

    // MARK: - Helpers

    private func remember(_ state: NIOLockedValueBox<State>) async throws {
        let known = state.withLockedValue { s in s.peer.flatMap { peer in s.peerVector.map { (peer, $0) } } }
        guard let (peer, vector) = known else { return }
        try await db { try $0.rememberPeer(peer, holds: vector) }
    }

    private func report(_ snapshot: SyncProgress) {
        guard let progress else { return }
        var snapshot = snapshot
        snapshot.bytesSent = counter.sent
        snapshot.bytesReceived = counter.received
        progress(snapshot)
    }

    private func violation(_ what: String) -> CuerdaError {
        CuerdaError(.protocolViolation, "the peer sent \(what)")
    }

    /// Runs replica work on the thread pool.
    private func db<T: Sendable>(_ body: @escaping @Sendable (Replica) throws -> T) async throws -> T {
        let replica = self.replica
        return try await threadPool.runIfActive { try body(replica) }
    }
}

import CuerdaBenchSupport
import CuerdaCore
import CuerdaNet
import CuerdaStore
import Foundation

// The TCP sync measurements (`cuerda-bench tcp`, Docs/benchmarks.md "TCP sync"): loopback
// sessions with mutual TLS through `SyncServer`/`SyncClient`, each against a baseline taken
// in the same run. Times are wall clock; CPU is the whole process's (event loops, blocking
// pool and caller), since a session's work is spread over threads.

extension Int {
    /// 1234567 → "1,234,567".
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (self < 0 ? "-" : "") + out
    }
}

func bytesText(_ bytes: Int) -> String { "\(bytes.grouped) B" }
func msInt(_ seconds: Double) -> String { String(format: "%.0f ms", seconds * 1000) }

/// A TCP round and a bundle round, repeated.
struct RouteComparison {
    var name: String
    var ops: Int
    var tcp: [Sample] = []
    var bundle: [Sample] = []
    var wireBytes: [Int] = []
    var bundleBytes: [Int] = []
    var tcpClientWall: [Double] = []
    var batches: [Int] = []

    var wallRatio: Double { median(tcp.map(\.wall)) / median(bundle.map(\.wall)) }
    var cpuRatio: Double { median(tcp.map(\.cpu)) / median(bundle.map(\.cpu)) }
    var bestRatio: Double { tcp.map(\.wall).min()! / bundle.map(\.wall).min()! }
    var tcpWall: Double { median(tcp.map(\.wall)) }
    var bundleWall: Double { median(bundle.map(\.wall)) }
    var wire: Int { Int(median(wireBytes.map(Double.init))) }
    var file: Int { Int(median(bundleBytes.map(Double.init))) }

    func printDetail() {
        print("## \(name) (\(tcp.count) rounds, medians)")
        print(
            "  TCP:    wall \(ms(tcpWall)) (min \(ms(tcp.map(\.wall).min()!)); client's call alone \(ms(median(tcpClientWall)))), process cpu \(ms(median(tcp.map(\.cpu)))), \(kops(ops, tcpWall)); \(bytesText(wire)) on the wire (\(f2(Double(wire) / Double(ops))) B/op)"
        )
        print(
            "  bundle: wall \(ms(bundleWall)) (min \(ms(bundle.map(\.wall).min()!))), process cpu \(ms(median(bundle.map(\.cpu)))), \(kops(ops, bundleWall)); \(bytesText(file)) of bundle file (\(f2(Double(file) / Double(ops))) B/op)"
        )
        print("  batches per session (sent + received by the client): \(batches.map(String.init).joined(separator: " "))")
        print(
            "  ratio TCP/bundle: wall \(f2(wallRatio)), cpu \(f2(cpuRatio)), best-of \(f2(bestRatio)); wire/file bytes \(f2(Double(wire) / Double(file)))"
        )
        print(
            "  rounds (TCP/bundle wall ms): "
                + zip(tcp, bundle).map { String(format: "%.0f/%.0f", $0.wall * 1000, $1.wall * 1000) }.joined(separator: " "))
    }
}

func measureProcess(_ body: () throws -> Void) rethrows -> Sample {
    let w0 = Clock.wall()
    let c0 = Clock.processCPU()
    try body()
    return Sample(wall: Clock.wall() - w0, cpu: Clock.processCPU() - c0)
}

/// 1. 100k ops one way (A → B), TCP session vs bundle file, on fresh copies of the same templates.
func runTCPOneWay(rounds: Int, fixture: SyncPairFixture) throws -> RouteComparison {
    var result = RouteComparison(name: "TCP 1a. one way: \(fixture.oneWayOps / 1000)k cell ops in \(fixture.commits) commits, A → B on loopback, vs bundle file", ops: fixture.oneWayOps)
    var referenceDigest: String?
    func tcp(_ round: Int) throws {
        do {
            let a = try fixture.fresh(fixture.oneWayA, as: "a")
            let b = try fixture.fresh(fixture.oneWayB, as: "b")
            let c0 = Clock.processCPU()
            let session = try blocking { try await TCPRun.sync(client: a, server: b) }
            let cpu = Clock.processCPU() - c0
            result.tcp.append(Sample(wall: session.wall, cpu: cpu))
            result.tcpClientWall.append(session.clientWall)
            result.batches.append(session.clientBatches)
            result.wireBytes.append(session.wireBytes)
            guard session.client.sent == fixture.commits, session.server.received.applied == fixture.commits,
                session.server.received.pending == 0, session.server.received.quarantined == 0, session.client.received.received == 0
            else { throw BenchError("one-way TCP sync did not apply cleanly: client \(session.client), server \(session.server)") }
            if round == 0 {
                let digest = try b.digest()
                guard digest == (try a.digest()) else { throw BenchError("one-way TCP sync: A and B differ afterwards") }
                if let referenceDigest, referenceDigest != digest { throw BenchError("TCP and bundle routes differ") }
                referenceDigest = digest
            }
        }
        fixture.remove("a", "b")
    }
    func bundle(_ round: Int) throws {
        do {
            let a = try fixture.fresh(fixture.oneWayA, as: "a")
            let b = try fixture.fresh(fixture.oneWayB, as: "b")
            var report = IngestReport()
            var bytes = 0
            result.bundle.append(
                try measureProcess { (report, bytes) = try BundleRoute.oneWay(from: a, to: b, file: fixture.file("ab.bundle")) })
            result.bundleBytes.append(bytes)
            guard report.applied == fixture.commits, report.pending == 0, report.quarantined == 0 else {
                throw BenchError("one-way bundle did not apply cleanly: \(report)")
            }
            if round == 0 {
                let digest = try b.digest()
                if let referenceDigest, referenceDigest != digest { throw BenchError("TCP and bundle routes differ") }
                referenceDigest = digest
            }
        }
        fixture.remove("a", "b", "ab")
    }
    try interleave(rounds: rounds, cuerda: tcp, baseline: bundle) {
        result = RouteComparison(name: result.name, ops: result.ops)
    }
    return result
}

/// 1'. 50k ops each way at once: A and B each hold a delta for the other.
func runTCPTwoWay(rounds: Int, fixture: SyncPairFixture) throws -> RouteComparison {
    let each = fixture.commits / 2
    var result = RouteComparison(
        name: "TCP 1b. two ways at once: \(fixture.twoWayOpsEach / 1000)k cell ops (\(each) commits) each way, vs two bundle files",
        ops: 2 * fixture.twoWayOpsEach)
    var referenceDigest: String?
    func tcp(_ round: Int) throws {
        do {
            let a = try fixture.fresh(fixture.twoWayA, as: "a")
            let b = try fixture.fresh(fixture.twoWayB, as: "b")
            let c0 = Clock.processCPU()
            let session = try blocking { try await TCPRun.sync(client: a, server: b) }
            let cpu = Clock.processCPU() - c0
            result.tcp.append(Sample(wall: session.wall, cpu: cpu))
            result.tcpClientWall.append(session.clientWall)
            result.batches.append(session.clientBatches)
            result.wireBytes.append(session.wireBytes)
            guard session.client.sent == each, session.server.sent == each, session.client.received.applied == each,
                session.server.received.applied == each, session.client.received.pending == 0,
                session.server.received.pending == 0
            else { throw BenchError("two-way TCP sync did not apply cleanly: client \(session.client), server \(session.server)") }
            if round == 0 {
                let digest = try a.digest()
                guard digest == (try b.digest()) else { throw BenchError("two-way TCP sync: A and B differ afterwards") }
                if let referenceDigest, referenceDigest != digest { throw BenchError("TCP and bundle routes differ") }
                referenceDigest = digest
            }
        }
        fixture.remove("a", "b")
    }
    func bundle(_ round: Int) throws {
        do {
            let a = try fixture.fresh(fixture.twoWayA, as: "a")
            let b = try fixture.fresh(fixture.twoWayB, as: "b")
            var r: (intoB: IngestReport, intoA: IngestReport, bytes: Int)!
            result.bundle.append(
                try measureProcess {
                    r = try BundleRoute.twoWay(a, b, fileAB: fixture.file("ab.bundle"), fileBA: fixture.file("ba.bundle"))
                })
            result.bundleBytes.append(r.bytes)
            guard r.intoA.applied == each, r.intoB.applied == each, r.intoA.pending == 0, r.intoB.pending == 0 else {
                throw BenchError("two-way bundles did not apply cleanly: \(r.intoA) \(r.intoB)")
            }
            if round == 0 {
                let digest = try a.digest()
                guard digest == (try b.digest()) else { throw BenchError("two-way bundles: A and B differ afterwards") }
                if let referenceDigest, referenceDigest != digest { throw BenchError("TCP and bundle routes differ") }
                referenceDigest = digest
            }
        }
        fixture.remove("a", "b", "ab", "ba")
    }
    try interleave(rounds: rounds, cuerda: tcp, baseline: bundle) {
        result = RouteComparison(name: result.name, ops: result.ops)
    }
    return result
}

/// 2. No-op resync of two in-sync pairs, one small and one large, in alternating rounds.
struct NoOpResult {
    var small: InSyncPair
    var large: InSyncPair
    var smallSessions: [TCPSession] = []
    var largeSessions: [TCPSession] = []

    var smallWall: Double { median(smallSessions.map(\.wall)) }
    var largeWall: Double { median(largeSessions.map(\.wall)) }
    var ratio: Double { largeWall / smallWall }
    var bestRatio: Double { largeSessions.map(\.wall).min()! / smallSessions.map(\.wall).min()! }
    var smallBytes: Int { smallSessions.map(\.wireBytes).max()! }
    var largeBytes: Int { largeSessions.map(\.wireBytes).max()! }

    func printDetail() {
        print("## TCP 2. no-op resync of replicas already in sync (\(smallSessions.count) rounds each, alternating, medians)")
        for (label, pair, sessions) in [("small", small, smallSessions), ("large", large, largeSessions)] {
            let s = sessions[0]
            print(
                "  \(label): \(pair.ops.grouped) cell ops in \(pair.commits) commits (+1 introduction): session wall \(ms(median(sessions.map(\.wall)))) (min \(ms(sessions.map(\.wall).min()!)), client's call \(ms(median(sessions.map(\.clientWall))))); wire \(bytesText(s.wireBytes)) = client sent \(s.client.bytesSent) + received \(s.client.bytesReceived) (max over rounds \(bytesText(sessions.map(\.wireBytes).max()!))); commits sent \(s.client.sent)/\(s.server.sent)"
            )
        }
        print("  ratio large/small session wall: \(f2(ratio)) (best-of \(f2(bestRatio)))")
        print(
            "  building the large pair took \(String(format: "%.1f s", large.buildSeconds)) (bundle of \(bytesText(large.bundleBytes)))")
        print(
            "  rounds (small/large wall ms): "
                + zip(smallSessions, largeSessions).map { String(format: "%.1f/%.1f", $0.wall * 1000, $1.wall * 1000) }.joined(
                    separator: " "))
    }
}

func runTCPNoOp(rounds: Int, largeRows: Int) throws -> NoOpResult {
    log("tcp no-op: building the small in-sync pair (100 rows × 10 columns, 10 rows per commit) ...")
    let small = try InSyncPair(rows: 100, rowsPerCommit: 10, label: "cuerda-bench-noop-small")
    log("tcp no-op: building the large in-sync pair (\(largeRows) rows × 10 columns, 1,000 rows per commit) ...")
    let large = try InSyncPair(rows: largeRows, rowsPerCommit: 1000, label: "cuerda-bench-noop-large", progress: { log("  \($0)") })
    var result = NoOpResult(small: small, large: large)
    func session(_ pair: InSyncPair) throws -> TCPSession {
        let s = try blocking { try await TCPRun.sync(client: pair.a, server: pair.b) }
        guard s.client.sent == 0, s.server.sent == 0, s.client.received.received == 0, s.server.received.received == 0 else {
            throw BenchError("no-op resync moved commits: client \(s.client), server \(s.server)")
        }
        return s
    }
    func smallRound(_ round: Int) throws { result.smallSessions.append(try session(small)) }
    func largeRound(_ round: Int) throws { result.largeSessions.append(try session(large)) }
    try interleave(rounds: rounds, cuerda: largeRound, baseline: smallRound) {
        result.smallSessions.removeAll()
        result.largeSessions.removeAll()
    }
    guard try small.a.digest() == small.b.digest() else { throw BenchError("small pair differs") }
    guard try large.a.digest() == large.b.digest() else { throw BenchError("large pair differs") }
    return result
}

/// 3. Many clients with one hub at once; baseline: one client alone with the same hub.
struct HubResult {
    var clients: Int
    var opsPerClient: Int
    var sessions: [Double] = []
    var makespans: [Double] = []
    var solo: [Double] = []
    var wire: [Int] = []
    var hubApplied: [Int] = []

    var p50: Double { percentile(sessions, 50) }
    var p99: Double { percentile(sessions, 99) }
    var soloMedian: Double { median(solo) }

    func printDetail() {
        print(
            "## TCP 3. \(clients) clients at once with one hub, each pushing \(opsPerClient) cell ops (\(makespans.count) rounds, \(sessions.count) sessions)"
        )
        print(
            "  session wall (each client's SyncClient.sync call): p50 \(ms(p50)), p99 \(ms(p99)), min \(ms(sessions.min()!)), max \(ms(sessions.max()!))"
        )
        print(
            "  all \(clients) done after (median makespan) \(ms(median(makespans))); makespans by round: "
                + makespans.map { String(format: "%.0f ms", $0 * 1000) }.joined(separator: ", "))
        print(
            "  rounds' session p50/p99: "
                + stride(from: 0, to: sessions.count, by: clients).map { i in
                    let round = Array(sessions[i..<min(i + clients, sessions.count)])
                    return String(format: "%.0f/%.0f ms", percentile(round, 50) * 1000, percentile(round, 99) * 1000)
                }.joined(separator: ", "))
        print("  hub applied \(hubApplied.map(String.init).joined(separator: ", ")) commits per round")
        print("  baseline, one client alone with the same hub: median \(ms(soloMedian)) (\(solo.count) rounds)")
        print("  ratio p50/alone \(f2(p50 / soloMedian)), p99/alone \(f2(p99 / soloMedian)); median wire bytes per session \(bytesText(Int(median(wire.map(Double.init)))))")
        print("  all clients converged with the hub (digests equal after one more sequential pass) in every round")
    }
}

func runTCPHub(rounds: Int, clients: Int) throws -> HubResult {
    log("tcp hub: building a hub and \(clients) clients ...")
    let fixture = try HubFixture(clients: clients)
    var result = HubResult(clients: clients, opsPerClient: fixture.opsPerClient)
    var roundNumber = 0
    func all(_ round: Int) throws {
        roundNumber += 1
        let number = roundNumber
        do {
            let (hub, replicas) = try fixture.fresh(round: number)
            let r = try blocking { try await TCPRun.hub(clients: replicas, hub: hub) }
            result.sessions += r.sessions.map(\.wall)
            result.wire += r.sessions.map(\.wireBytes)
            result.makespans.append(r.makespan)
            result.hubApplied.append(r.hubReceived.applied)
            guard r.hubReceived.applied == clients * fixture.commitsPerClient, r.hubReceived.pending == 0 else {
                throw BenchError("the hub did not apply every client's commits: \(r.hubReceived)")
            }
            try blocking { try await HubFixture.converge(hub: hub, clients: replicas) }
        }
        fixture.remove(round: number)
    }
    func alone(_ round: Int) throws {
        roundNumber += 1
        let number = roundNumber
        do {
            let (hub, replicas) = try fixture.fresh(round: number)
            let s = try blocking { try await TCPRun.sync(client: replicas[0], server: hub) }
            guard s.server.received.applied == fixture.commitsPerClient else { throw BenchError("solo push: \(s.server)") }
            result.solo.append(s.clientWall)
        }
        fixture.remove(round: number)
    }
    try interleave(rounds: rounds, cuerda: all, baseline: alone) {
        result.sessions.removeAll()
        result.makespans.removeAll()
        result.solo.removeAll()
        result.wire.removeAll()
        result.hubApplied.removeAll()
    }
    return result
}

func printTCPSummary(oneWay: RouteComparison?, twoWay: RouteComparison?, noOp: NoOpResult?, hub: HubResult?) {
    print("\n| TCP measurement | TCP | baseline (same run) | ratio (wall, median) | ratio (CPU) | target | met? |")
    print("|---|---|---|---|---|---|---|")
    for c in [oneWay, twoWay].compactMap({ $0 }) {
        print(
            "| \(c.name) | \(msInt(c.tcpWall)), \(bytesText(c.wire)) on the wire | bundle: \(msInt(c.bundleWall)), \(bytesText(c.file)) | \(f2(c.wallRatio)) | \(f2(c.cpuRatio)) | ≤ 1.5 | \(c.wallRatio <= 1.5 ? "yes" : "no") |"
        )
    }
    if let n = noOp {
        for (ops, bytes) in [(n.small.ops, n.smallBytes), (n.large.ops, n.largeBytes)] {
            print("| no-op resync, \(ops.grouped) ops in sync: bytes on the wire (max over rounds) | \(bytesText(bytes)) | | | | ≤ 2 KB (2,048 B) | \(bytes <= 2048 ? "yes" : "no") |")
        }
        print(
            "| no-op resync: session time, \(n.large.ops.grouped) ops ÷ \(n.small.ops.grouped) ops | \(ms(n.largeWall)) | \(ms(n.smallWall)) | \(f2(n.ratio)) | | ≤ 1.3 | \(n.ratio <= 1.3 ? "yes" : "no") |"
        )
    }
    if let h = hub {
        print(
            "| \(h.clients) clients × \(h.opsPerClient) ops at once with one hub: session p50 / p99 | \(msInt(h.p50)) / \(msInt(h.p99)) | one client alone: \(msInt(h.soloMedian)) | \(f2(h.p50 / h.soloMedian)) / \(f2(h.p99 / h.soloMedian)) | | all converge | yes (digests) |"
        )
    }
}

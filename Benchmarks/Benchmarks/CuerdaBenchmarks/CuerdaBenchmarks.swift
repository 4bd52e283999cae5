import Benchmark
import CuerdaBenchSupport
import CuerdaNet
import CuerdaStore
import Foundation

// Cuerda's benchmarks, each beside its raw-SQLite baseline (see Docs/benchmarks.md).
//
// Every benchmark runs in its own process (the plugin's rule); its setup builds the fixture
// once, and each iteration starts from a fresh copy of a template file, so that no iteration
// sees the previous one's writes. Only the operation itself is between start and stop.

private enum Metrics {
    /// Cell writes per second of the measured part, computed per iteration.
    static let opsPerSecond = BenchmarkMetric.custom("cell ops/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Size of the signed, compressed bundle of the update commits, in bytes per cell write × 100.
    static let bundleBytesPerOpX100 = BenchmarkMetric.custom(
        "bundle bytes/op x100", polarity: .prefersSmaller, useScalingFactor: false)
    /// Bytes a TCP session put on the wire in both directions, TLS included.
    static let wireBytes = BenchmarkMetric.custom("wire bytes", polarity: .prefersSmaller, useScalingFactor: false)
    /// Size of the bundle file(s) of the baseline route.
    static let fileBytes = BenchmarkMetric.custom("bundle file bytes", polarity: .prefersSmaller, useScalingFactor: false)
    /// Percentiles of the client sessions of one many-clients iteration, in microseconds.
    static let sessionP50 = BenchmarkMetric.custom("session p50 (us)", polarity: .prefersSmaller, useScalingFactor: false)
    static let sessionP99 = BenchmarkMetric.custom("session p99 (us)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Lets the TCP helpers start and stop the measurement from their own tasks.
private struct Measurement: @unchecked Sendable {
    let benchmark: Benchmark
    var start: @Sendable () -> Void { { benchmark.startMeasurement() } }
    var stop: @Sendable () -> Void { { benchmark.stopMeasurement() } }
}

private let timeMetrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, Metrics.opsPerSecond]

private func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func log(_ text: String) {
    FileHandle.standardError.write(Data(("[cuerda-bench] " + text + "\n").utf8))
}

let benchmarks: @Sendable () -> Void = {
    let workload = Workload()
    let mergeCommits = 1_000
    let opsPerCommit = 100
    let localUpdates = workload.singleRowUpdates(count: 10_000)

    let mergeConfig = Benchmark.Configuration(
        metrics: timeMetrics + [Metrics.bundleBytesPerOpX100], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(30), maxIterations: 10)
    let localConfig = Benchmark.Configuration(
        metrics: timeMetrics, timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 15)

    // 1. Merge: 100k LWW cell updates (1,000 commits × 100) into a WAL replica with 10k rows × 10 columns.
    Benchmark("Merge: Cuerda importBundle, 100k cell ops in 1k commits", configuration: mergeConfig) {
        (benchmark: Benchmark, fixture: Fixture) throws in
        do {
            let replica = try fixture.freshTarget("iteration")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let report = try CuerdaRun.importBundle(fixture.mergeBundle, into: replica)
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            guard report.applied == mergeCommits, report.pending == 0, report.quarantined == 0 else {
                throw BenchError("merge did not apply cleanly: \(report)")
            }
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(fixture.opCount) / elapsed))
            benchmark.measurement(
                Metrics.bundleBytesPerOpX100, Int((Double(fixture.mergeBundle.count) / Double(fixture.opCount) * 100).rounded()))
        }
        fixture.remove("iteration")
    } setup: { () async throws -> Fixture in
        let fixture = try Fixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit)
        log(
            "merge bundle: \(fixture.mergeBundle.count) bytes for \(fixture.opCount) cell ops = "
                + String(format: "%.2f", Double(fixture.mergeBundle.count) / Double(fixture.opCount)) + " bytes/op")
        return fixture
    }

    Benchmark("Merge: SQLite baseline, 100k upserts in one transaction", configuration: mergeConfig) {
        (benchmark: Benchmark, state: (Fixture, [CellUpdate])) throws in
        let (fixture, updates) = state
        do {
            let queue = try fixture.freshBaseline("iteration")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            try Baseline.upsert(updates, into: queue, workload: workload)
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(updates.count) / elapsed))
            try queue.close()
        }
        fixture.remove("iteration")
    } setup: { () async throws -> (Fixture, [CellUpdate]) in
        let fixture = try Fixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit)
        return (fixture, fixture.allUpdates)
    }

    // 2. Local writes: 10k single-row updates in one transaction.
    Benchmark("LocalWrites: Cuerda 10k updates in one write", configuration: localConfig) {
        (benchmark: Benchmark, fixture: Fixture) throws in
        do {
            let replica = try fixture.freshTarget("iteration")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            try CuerdaRun.localWrites(localUpdates, on: replica, workload: workload)
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(localUpdates.count) / elapsed))
        }
        fixture.remove("iteration")
    } setup: { () async throws -> Fixture in
        try Fixture(workload: workload, commits: 0, opsPerCommit: 0)
    }

    Benchmark("LocalWrites: SQLite baseline, 10k updates in one transaction", configuration: localConfig) {
        (benchmark: Benchmark, fixture: Fixture) throws in
        do {
            let queue = try fixture.freshBaseline("iteration")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            try Baseline.update(localUpdates, in: queue, workload: workload)
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(localUpdates.count) / elapsed))
            try queue.close()
        }
        fixture.remove("iteration")
    } setup: { () async throws -> Fixture in
        try Fixture(workload: workload, commits: 0, opsPerCommit: 0)
    }

    // 4. Memory: importing a 1M-op bundle (10k commits × 100) must stream. The setup writes the
    // commits in this process too, so `peakMemoryResident` may carry some of the setup's pages;
    // `cuerda-bench memory` measures a child process that does nothing but the import.
    let memoryCommits = ProcessInfo.processInfo.environment["CUERDA_BENCH_MEMORY_COMMITS"].flatMap(Int.init) ?? 10_000
    Benchmark(
        "Memory: Cuerda import of \(memoryCommits * opsPerCommit / 1000)k cell ops (\(memoryCommits) commits)",
        configuration: .init(
            metrics: [.peakMemoryResident, .peakMemoryResidentDelta, .wallClock, Metrics.opsPerSecond], timeUnits: .seconds,
            units: [.peakMemoryResident: .mega, .peakMemoryResidentDelta: .mega],
            warmupIterations: 0, maxDuration: .seconds(1), maxIterations: 1)
    ) { (benchmark: Benchmark, state: (Fixture, String)) throws in
        let (fixture, bundlePath) = state
        do {
            let replica = try fixture.freshTarget("iteration")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let report = try replica.importBundle(at: bundlePath)
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            guard report.applied == memoryCommits else { throw BenchError("import did not apply cleanly: \(report)") }
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(memoryCommits * opsPerCommit) / elapsed))
        }
        fixture.remove("iteration")
    } setup: { () async throws -> (Fixture, String) in
        let fixture = try Fixture(
            workload: workload, commits: memoryCommits, opsPerCommit: opsPerCommit, toFile: "memory.bundle",
            progress: { log("memory setup: \($0)") })
        log("memory bundle: \(fixture.mergeBundleBytes) bytes for \(fixture.opCount) cell ops")
        return (fixture, fixture.mergeBundleFile!)
    }

    // 5. TCP sync on loopback with mutual TLS (SyncServer/SyncClient), each beside its
    // baseline: the same delta through bundle files, on fresh copies of the same replicas.
    // The server is bound before the measurement starts (a running server waits for peers).
    let tcpConfig = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, Metrics.opsPerSecond, Metrics.wireBytes, Metrics.fileBytes],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 10)
    let syncPair: @Sendable () async throws -> SyncPairFixture = {
        try SyncPairFixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit, progress: { log($0) })
    }

    Benchmark("TCP: sync 100k cell ops one way", configuration: tcpConfig) {
        (benchmark: Benchmark, fixture: SyncPairFixture) async throws in
        do {
            let a = try fixture.fresh(fixture.oneWayA, as: "a")
            let b = try fixture.fresh(fixture.oneWayB, as: "b")
            let m = Measurement(benchmark: benchmark)
            let session = try await TCPRun.sync(client: a, server: b, onStart: m.start, onStop: m.stop)
            guard session.server.received.applied == fixture.commits else {
                throw BenchError("one-way sync did not apply cleanly: \(session.server)")
            }
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(fixture.oneWayOps) / session.wall))
            benchmark.measurement(Metrics.wireBytes, session.wireBytes)
        }
        fixture.remove("a", "b")
    } setup: {
        try await syncPair()
    }

    Benchmark("TCP: bundle file baseline, 100k cell ops one way", configuration: tcpConfig) {
        (benchmark: Benchmark, fixture: SyncPairFixture) throws in
        do {
            let a = try fixture.fresh(fixture.oneWayA, as: "a")
            let b = try fixture.fresh(fixture.oneWayB, as: "b")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let (report, bytes) = try BundleRoute.oneWay(from: a, to: b, file: fixture.file("ab.bundle"))
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            guard report.applied == fixture.commits else { throw BenchError("one-way bundle did not apply cleanly: \(report)") }
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(fixture.oneWayOps) / elapsed))
            benchmark.measurement(Metrics.fileBytes, bytes)
        }
        fixture.remove("a", "b", "ab")
    } setup: {
        try await syncPair()
    }

    Benchmark("TCP: sync 50k cell ops each way at once", configuration: tcpConfig) {
        (benchmark: Benchmark, fixture: SyncPairFixture) async throws in
        do {
            let a = try fixture.fresh(fixture.twoWayA, as: "a")
            let b = try fixture.fresh(fixture.twoWayB, as: "b")
            let m = Measurement(benchmark: benchmark)
            let session = try await TCPRun.sync(client: a, server: b, onStart: m.start, onStop: m.stop)
            guard session.server.received.applied == fixture.commits / 2, session.client.received.applied == fixture.commits / 2
            else { throw BenchError("two-way sync did not apply cleanly: \(session.client) \(session.server)") }
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(2 * fixture.twoWayOpsEach) / session.wall))
            benchmark.measurement(Metrics.wireBytes, session.wireBytes)
        }
        fixture.remove("a", "b")
    } setup: {
        try await syncPair()
    }

    Benchmark("TCP: bundle file baseline, 50k cell ops each way", configuration: tcpConfig) {
        (benchmark: Benchmark, fixture: SyncPairFixture) throws in
        do {
            let a = try fixture.fresh(fixture.twoWayA, as: "a")
            let b = try fixture.fresh(fixture.twoWayB, as: "b")
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let r = try BundleRoute.twoWay(a, b, fileAB: fixture.file("ab.bundle"), fileBA: fixture.file("ba.bundle"))
            let elapsed = seconds(since: start)
            benchmark.stopMeasurement()
            guard r.intoA.applied == fixture.commits / 2, r.intoB.applied == fixture.commits / 2 else {
                throw BenchError("two-way bundles did not apply cleanly: \(r.intoA) \(r.intoB)")
            }
            benchmark.measurement(Metrics.opsPerSecond, Int(Double(2 * fixture.twoWayOpsEach) / elapsed))
            benchmark.measurement(Metrics.fileBytes, r.bytes)
        }
        fixture.remove("a", "b", "ab", "ba")
    } setup: {
        try await syncPair()
    }

    // No-op resync of two replicas already in sync: the cost must follow the delta (nothing),
    // not the database. The large pair (CUERDA_BENCH_NOOP_ROWS rows × 10 columns, default
    // 100,000 = 1M cell ops) takes about a minute to build.
    let noOpConfig = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, Metrics.wireBytes], timeUnits: .milliseconds, warmupIterations: 2,
        maxDuration: .seconds(20), maxIterations: 30)
    let noOpRows = ProcessInfo.processInfo.environment["CUERDA_BENCH_NOOP_ROWS"].flatMap(Int.init) ?? 100_000
    for (rows, rowsPerCommit) in [(100, 10), (noOpRows, 1000)] {
        Benchmark(
            "TCP: no-op resync, \(rows * 10 >= 1_000_000 ? "\(rows * 10 / 1_000_000)M" : "\(rows * 10 / 1000)k") cell ops in sync",
            configuration: noOpConfig
        ) {
            (benchmark: Benchmark, pair: InSyncPair) async throws in
            let m = Measurement(benchmark: benchmark)
            let session = try await TCPRun.sync(client: pair.a, server: pair.b, onStart: m.start, onStop: m.stop)
            guard session.client.sent == 0, session.server.sent == 0 else { throw BenchError("no-op resync moved commits") }
            benchmark.measurement(Metrics.wireBytes, session.wireBytes)
        } setup: {
            try InSyncPair(rows: rows, rowsPerCommit: rowsPerCommit, label: "cuerda-bench-noop", progress: { log($0) })
        }
    }

    // Many clients at once with one hub, each pushing 1k cell ops (10 commits × 100); the
    // baseline is one client alone with the same hub. Convergence is checked after each
    // iteration (outside the measurement) by one more sequential pass and the digests.
    let hubConfig = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, Metrics.sessionP50, Metrics.sessionP99, Metrics.wireBytes],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 10)
    let hubClients = 20
    Benchmark("TCP: \(hubClients) clients × 1k cell ops with one hub at once", configuration: hubConfig) {
        (benchmark: Benchmark, fixture: HubFixture) async throws in
        let round = benchmark.currentIteration
        do {
            let (hub, clients) = try fixture.fresh(round: round)
            let m = Measurement(benchmark: benchmark)
            let r = try await TCPRun.hub(clients: clients, hub: hub, onStart: m.start, onStop: m.stop)
            guard r.hubReceived.applied == hubClients * fixture.commitsPerClient else {
                throw BenchError("the hub did not apply every client's commits: \(r.hubReceived)")
            }
            let walls = r.sessions.map(\.wall)
            benchmark.measurement(Metrics.sessionP50, Int(percentile(walls, 50) * 1e6))
            benchmark.measurement(Metrics.sessionP99, Int(percentile(walls, 99) * 1e6))
            benchmark.measurement(Metrics.wireBytes, r.sessions.map(\.wireBytes).reduce(0, +))
            try await HubFixture.converge(hub: hub, clients: clients)
        }
        fixture.remove(round: round)
    } setup: {
        try HubFixture(clients: hubClients)
    }

    Benchmark("TCP: one client × 1k cell ops alone with the hub (baseline)", configuration: hubConfig) {
        (benchmark: Benchmark, fixture: HubFixture) async throws in
        let round = benchmark.currentIteration
        do {
            let (hub, clients) = try fixture.fresh(round: round)
            let m = Measurement(benchmark: benchmark)
            let s = try await TCPRun.sync(client: clients[0], server: hub, onStart: m.start, onStop: m.stop)
            guard s.server.received.applied == fixture.commitsPerClient else { throw BenchError("solo push: \(s.server)") }
            benchmark.measurement(Metrics.sessionP50, Int(s.clientWall * 1e6))
            benchmark.measurement(Metrics.sessionP99, Int(s.clientWall * 1e6))
            benchmark.measurement(Metrics.wireBytes, s.wireBytes)
        }
        fixture.remove(round: round)
    } setup: {
        try HubFixture(clients: hubClients)
    }
}

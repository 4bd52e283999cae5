import Benchmark
import CuerdaBenchSupport
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
}

import CuerdaBenchSupport
import CuerdaCore
import CuerdaStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// A plain runner beside the ordo-one suite. It measures each Cuerda operation and its
// raw-SQLite baseline in alternating rounds (A B B A …), so that the ratio is taken under
// the same machine load, and prints the ratios, the bundle sizes and the peak RSS of a child
// process that does nothing but import a bundle.
//
//   cuerda-bench [all]                    everything below, with a Markdown summary
//   cuerda-bench merge  [--rounds N]      1. merge of 100k cell ops vs raw upserts
//   cuerda-bench local  [--rounds N]      2. 10k local updates vs raw updates
//   cuerda-bench size                     3. bundle bytes per op (UUID and short row IDs)
//   cuerda-bench memory [--commits N]     4. peak RSS importing a 10k-commit (1M-op) bundle
//   cuerda-bench breakdown                where the time of 1. and 2. goes, by phase
//   cuerda-bench loop-merge|loop-local [--rounds N]   Cuerda side only, for `perf record`
//   cuerda-bench import-peak REPLICA BUNDLE           (internal) the child of `memory`
//
// TCP sync over loopback with mutual TLS (TCP.swift), each against a baseline of the same run:
//   cuerda-bench tcp [--rounds N] [--noop-rounds N] [--hub-rounds N] [--large-rows N] [--clients N]
//                                         all three below, with a Markdown summary
//   cuerda-bench tcp-sync  [--rounds N]   1. 100k ops one way, 50k each way, vs bundle files
//   cuerda-bench tcp-noop  [--noop-rounds N] [--large-rows N]   2. no-op resync, 1k vs 1M ops
//   cuerda-bench tcp-hub   [--hub-rounds N] [--clients N]       3. 20 clients × 1k ops, one hub
//   cuerda-bench tcp-breakdown [--rounds N]   phases of the bundle route (vectors, exports, imports)
//   cuerda-bench loop-tcp  [--rounds N]   one-way TCP sessions only, for `perf record`
//   cuerda-bench loop-noop [--rounds N]   no-op sessions of a small in-sync pair, for `perf`/`strace`
// (CUERDA_BENCH_TCP_BATCH_BYTES / _COMMITS change the sync batch limits of both ends.)

// MARK: Timing

struct Sample {
    var wall: Double
    var cpu: Double
}

func threadCPUTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func wallTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func measure(_ body: () throws -> Void) rethrows -> Sample {
    let w0 = wallTime()
    let c0 = threadCPUTime()
    try body()
    return Sample(wall: wallTime() - w0, cpu: threadCPUTime() - c0)
}

func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
func f2(_ x: Double) -> String { String(format: "%.2f", x) }
func kops(_ ops: Int, _ seconds: Double) -> String { String(format: "%.0f k ops/s", Double(ops) / seconds / 1000) }

func log(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

// MARK: Arguments

let rawArguments = Array(CommandLine.arguments.dropFirst())
let command = rawArguments.first.map { $0.hasPrefix("--") ? "all" : $0 } ?? "all"
let arguments = rawArguments.first.map { $0.hasPrefix("--") } ?? true ? rawArguments : Array(rawArguments.dropFirst())

func option(_ name: String, default value: Int) -> Int {
    guard let i = arguments.firstIndex(of: "--" + name), i + 1 < arguments.count, let v = Int(arguments[i + 1]) else {
        return value
    }
    return v
}

let workload = Workload()
let mergeCommits = 1_000
let opsPerCommit = 100
let localCount = 10_000

// MARK: A/B comparisons

struct Comparison {
    var name: String
    var ops: Int
    var cuerda: [Sample] = []
    var baseline: [Sample] = []

    var wallRatio: Double { median(cuerda.map(\.wall)) / median(baseline.map(\.wall)) }
    var cpuRatio: Double { median(cuerda.map(\.cpu)) / median(baseline.map(\.cpu)) }
    var bestRatio: Double { cuerda.map(\.wall).min()! / baseline.map(\.wall).min()! }

    func printDetail() {
        let cw = median(cuerda.map(\.wall))
        let bw = median(baseline.map(\.wall))
        print("## \(name) (\(cuerda.count) rounds, medians)")
        print(
            "  Cuerda:   wall \(ms(cw)) (min \(ms(cuerda.map(\.wall).min()!))), cpu \(ms(median(cuerda.map(\.cpu)))), \(kops(ops, cw))"
        )
        print(
            "  baseline: wall \(ms(bw)) (min \(ms(baseline.map(\.wall).min()!))), cpu \(ms(median(baseline.map(\.cpu)))), \(kops(ops, bw))"
        )
        print("  ratio Cuerda/baseline: wall \(f2(wallRatio)), cpu \(f2(cpuRatio)), best-of \(f2(bestRatio))")
        print(
            "  rounds (Cuerda/baseline wall ms): "
                + zip(cuerda, baseline).map { String(format: "%.0f/%.0f", $0.wall * 1000, $1.wall * 1000) }.joined(separator: " ")
        )
    }
}

func runMerge(rounds: Int, fixture: Fixture) throws -> Comparison {
    var result = Comparison(name: "Merge: 100k LWW cell ops (1,000 commits × 100) vs raw SQLite upserts", ops: fixture.opCount)
    let updates = fixture.allUpdates
    let expected = CuerdaRun.expectedCells(fixture.commitUpdates)
    let probe = expected.first!
    let probeRow = workload.rowIDs[probe.key >> 16]
    let probeColumn = workload.columnNames[probe.key & 0xffff]
    func cuerda(_ round: Int) throws {
        do {
            let replica = try fixture.freshTarget("merge")
            var report = IngestReport()
            result.cuerda.append(try measure { report = try CuerdaRun.importBundle(fixture.mergeBundle, into: replica) })
            guard report.applied == mergeCommits, report.pending == 0, report.quarantined == 0 else {
                throw BenchError("merge did not apply cleanly: \(report)")
            }
            if round == 0, try replica.row(Workload.table, id: probeRow)?[probeColumn] != .integer(probe.value) {
                throw BenchError("merged replica lacks the last write of \(probeRow).\(probeColumn)")
            }
            if round == 0 { log("  replica PRAGMA synchronous = \(try replica.pragma("synchronous") ?? "?") (2 = FULL)") }
        }
        fixture.remove("merge")
    }
    func baseline(_ round: Int) throws {
        do {
            let queue = try fixture.freshBaseline("merge")
            result.baseline.append(try measure { try Baseline.upsert(updates, into: queue, workload: workload) })
            if round == 0, try Baseline.cell(queue, row: probeRow, column: probeColumn) != probe.value {
                throw BenchError("baseline lacks the last write of \(probeRow).\(probeColumn)")
            }
            if round == 0 {
                log("  baseline PRAGMA synchronous = \(try Baseline.effectiveSynchronous(queue)) (asked for \(Baseline.synchronous))")
            }
            try queue.close()
        }
        fixture.remove("merge")
    }
    try interleave(rounds: rounds, cuerda: cuerda, baseline: baseline) {
        result.cuerda.removeAll()
        result.baseline.removeAll()
    }
    return result
}

func runLocal(rounds: Int, fixture: Fixture) throws -> Comparison {
    var result = Comparison(
        name: "Local writes: 10k single-row updates in one transaction vs raw SQLite updates", ops: localCount)
    let updates = workload.singleRowUpdates(count: localCount)
    let last = updates.last!
    func cuerda(_ round: Int) throws {
        do {
            let replica = try fixture.freshTarget("local")
            result.cuerda.append(try measure { try CuerdaRun.localWrites(updates, on: replica, workload: workload) })
            if round == 0,
                try replica.row(Workload.table, id: workload.rowIDs[Int(last.row)])?[workload.columnNames[Int(last.column)]]
                    != .integer(last.value)
            {
                throw BenchError("local write missing")
            }
        }
        fixture.remove("local")
    }
    func baseline(_ round: Int) throws {
        do {
            let queue = try fixture.freshBaseline("local")
            result.baseline.append(try measure { try Baseline.update(updates, in: queue, workload: workload) })
            try queue.close()
        }
        fixture.remove("local")
    }
    try interleave(rounds: rounds, cuerda: cuerda, baseline: baseline) {
        result.cuerda.removeAll()
        result.baseline.removeAll()
    }
    return result
}

/// One warm-up round of each side (`discardWarmUp` then drops its measures), then `rounds`
/// rounds in alternating order (A B, B A, A B, ...) so that both sides see the same machine load.
func interleave(
    rounds: Int, cuerda: (Int) throws -> Void, baseline: (Int) throws -> Void, discardWarmUp: () -> Void
) throws {
    try cuerda(0)
    try baseline(0)
    discardWarmUp()
    for round in 0..<rounds {
        if round % 2 == 0 {
            try cuerda(round + 1)
            try baseline(round + 1)
        } else {
            try baseline(round + 1)
            try cuerda(round + 1)
        }
    }
}

// MARK: Size

struct SizeResult {
    var style: RowIDStyle
    var bytes: Int
    var ops: Int
    var bodyBytes: Int
    var perOp: Double { Double(bytes) / Double(ops) }
    var bodyPerOp: Double { Double(bodyBytes) / Double(ops) }
}

func measureSize(_ fixture: Fixture, style: RowIDStyle) throws -> SizeResult {
    let reader = try BundleReader(bytes: fixture.mergeBundle)
    return SizeResult(
        style: style, bytes: fixture.mergeBundle.count, ops: fixture.opCount, bodyBytes: Int(reader.header.bodyLength))
}

// MARK: Memory

struct MemoryResult {
    var commits: Int
    var ops: Int
    var bundleBytes: Int
    var hwmBeforeKiB: Int
    var hwmAfterKiB: Int
    var rssAfterKiB: Int
    var seconds: Double
    var writerSeconds: Double
    var writerBlockSeconds: [Double]
}

func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// Runs `import-peak` in a child process and parses its one-line report.
func childImport(replica: String, bundle: String) throws -> (hwmBefore: Int, hwmAfter: Int, rssAfter: Int, seconds: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executablePath())
    process.arguments = ["import-peak", replica, bundle]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("import-peak child failed with status \(process.terminationStatus)")
    }
    let text = String(decoding: data, as: UTF8.self)
    var fields: [String: String] = [:]
    for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let kv = pair.split(separator: "=", maxSplits: 1)
        if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
    }
    guard let before = fields["hwm_before_kib"].flatMap(Int.init), let after = fields["hwm_after_kib"].flatMap(Int.init),
        let rss = fields["rss_after_kib"].flatMap(Int.init), let seconds = fields["seconds"].flatMap(Double.init)
    else { throw BenchError("import-peak child printed: \(text)") }
    return (before, after, rss, seconds)
}

func runMemory(commits: Int) throws -> MemoryResult {
    log("memory: writing \(commits) commits × \(opsPerCommit) ops through Replica.write (setup) ...")
    let fixture = try Fixture(
        workload: workload, commits: commits, opsPerCommit: opsPerCommit, label: "cuerda-bench-memory", toFile: "memory.bundle",
        progress: { log("  \($0)") })
    let target = fixture.directory.file("memory-target.cuerda")
    try copyDatabase(fixture.targetTemplate, to: target)
    log("memory: importing \(fixture.mergeBundleBytes) bytes in a child process ...")
    let child = try childImport(replica: target, bundle: fixture.mergeBundleFile!)
    return MemoryResult(
        commits: commits, ops: fixture.opCount, bundleBytes: fixture.mergeBundleBytes, hwmBeforeKiB: child.hwmBefore,
        hwmAfterKiB: child.hwmAfter, rssAfterKiB: child.rssAfter, seconds: child.seconds, writerSeconds: fixture.writerSeconds,
        writerBlockSeconds: fixture.writerBlockSeconds)
}

func printMemory(_ m: MemoryResult) {
    print(
        "## Memory: import of \(m.ops) cell ops (\(m.commits) commits) from a \(m.bundleBytes)-byte bundle file, in a child process"
    )
    print(
        String(
            format: "  peak RSS (VmHWM) %.1f MiB; after opening the replica %.1f MiB; RSS at the end %.1f MiB",
            Double(m.hwmAfterKiB) / 1024, Double(m.hwmBeforeKiB) / 1024, Double(m.rssAfterKiB) / 1024))
    print(
        "  import took \(String(format: "%.2f s", m.seconds)) (\(kops(m.ops, m.seconds))); writing the commits in setup took \(String(format: "%.1f s", m.writerSeconds))"
    )
    print(
        "  setup's local writes (100 updates per Replica.write), seconds per block of 1000 commits as the log grows: "
            + m.writerBlockSeconds.map { String(format: "%.1f", $0) }.joined(separator: " "))
}

// MARK: Breakdown (public API only)

func breakdown(fixture: Fixture) throws {
    print("## Where the merge time goes (1,000 commits, 100k cell ops; medians of 5)")
    var readerInit: [Double] = []
    var inflate: [Double] = []
    var ids: [Double] = []
    var decode: [Double] = []
    var verified: [Double] = []
    var full: [Double] = []
    var ingestOnly: [Double] = []
    var commits: [SignedCommit] = []
    for _ in 0..<5 {
        var reader: BundleReader!
        readerInit.append(try measure { reader = try BundleReader(bytes: fixture.mergeBundle) }.wall)
        commits = []
        inflate.append(try measure { try reader.forEachBatch(maxCommits: 1000) { commits += $0 } }.wall)
        ids.append(measure { for c in commits { _ = c.id } }.wall)
        decode.append(try measure { for c in commits { _ = try c.decode() } }.wall)
        verified.append(try measure { for c in commits { _ = try c.verified() } }.wall)
        do {
            let replica = try fixture.freshTarget("bd")
            full.append(try measure { try CuerdaRun.importBundle(fixture.mergeBundle, into: replica) }.wall)
        }
        fixture.remove("bd")
        do {
            let replica = try fixture.freshTarget("bd")
            ingestOnly.append(try measure { try replica.ingest(commits) }.wall)
        }
        fixture.remove("bd")
    }
    let total = median(full)
    func line(_ label: String, _ t: Double) { print("  \(label): \(ms(t)) (\(String(format: "%.0f%%", t / total * 100)))") }
    line("whole importBundle", total)
    line("BundleReader(bytes:): bundle SHA-256 + Ed25519 trailer check", median(readerInit))
    line("forEachBatch: inflate + split into commits", median(inflate))
    line("commit ids: SHA-256 of each commit", median(ids))
    line("decode only (1,000 commits)", median(decode))
    line("verified(): Ed25519 verify + decode", median(verified))
    line("  => Ed25519 verify alone", median(verified) - median(decode))
    line("replica.ingest(commits) (verify + merge + SQLite)", median(ingestOnly))
    line("  => ingest minus verified(): lookups, merge, SQLite writes", median(ingestOnly) - median(verified))

    print("## Where the local-write time goes (10k updates in one write; medians of 5)")
    let updates = workload.singleRowUpdates(count: localCount)
    var whole: [Double] = []
    var bodyOnly: [Double] = []
    var encode: [Double] = []
    var sign: [Double] = []
    struct Abort: Error {}
    for _ in 0..<5 {
        do {
            let replica = try fixture.freshTarget("bd")
            whole.append(try measure { try CuerdaRun.localWrites(updates, on: replica, workload: workload) }.wall)
        }
        fixture.remove("bd")
        do {
            let replica = try fixture.freshTarget("bd")
            // The same body, aborted before the commit: the per-update calls alone (+ a rollback).
            bodyOnly.append(
                measure {
                    _ = try? replica.write { tx in
                        for u in updates {
                            try tx.update(
                                Workload.table, id: workload.rowIDs[Int(u.row)],
                                [workload.columnNames[Int(u.column)]: .integer(u.value)])
                        }
                        throw Abort()
                    }
                }.wall)
        }
        fixture.remove("bd")
        // Encoding and signing a commit of the same shape, outside any replica.
        var rows: [String: RowOp] = [:]
        var order: [String] = []
        for u in updates {
            let id = workload.rowIDs[Int(u.row)]
            if rows[id] == nil {
                rows[id] = RowOp(table: Workload.table, row: id)
                order.append(id)
            }
            rows[id]!.cells.append(CellWrite(column: workload.columnNames[Int(u.column)], value: .integer(u.value)))
        }
        let key = DeviceKey()
        let content = CommitContent(
            workspace: fixture.workspace, feed: FeedID(device: key.id, audience: .all), seq: 1,
            hlc: Timestamp(milliseconds: 1_780_000_000_000, counter: 0), deps: VersionVector(), rows: order.map { rows[$0]! })
        var bytes: [UInt8] = []
        encode.append(measure { bytes = content.encoded() }.wall)
        sign.append(measure { _ = key.sign(bytes) }.wall)
    }
    let w = median(whole)
    func line2(_ label: String, _ t: Double) { print("  \(label): \(ms(t)) (\(String(format: "%.0f%%", t / w * 100)))") }
    line2("whole write", w)
    line2("10k tx.update calls (body aborted before commit, + rollback)", median(bodyOnly))
    line2("  => commit: validation, encode, sign, ingest, merge, SQLite writes", w - median(bodyOnly))
    line2("CommitContent.encoded() of the same ops", median(encode))
    line2("Ed25519 sign of the encoded commit", median(sign))
}

// MARK: Commands

do {
    switch command {
    case "import-peak":
        guard arguments.count >= 2 else { throw BenchError("usage: cuerda-bench import-peak REPLICA BUNDLE") }
        let replica = try Replica.open(at: arguments[0])
        let before = ProcessMemory.status()
        let start = wallTime()
        let report = try replica.importBundle(at: arguments[1])
        let seconds = wallTime() - start
        let after = ProcessMemory.status()
        guard report.pending == 0, report.quarantined == 0 else { throw BenchError("import did not apply cleanly: \(report)") }
        print(
            "hwm_before_kib=\(before.hwmKiB) hwm_after_kib=\(after.hwmKiB) rss_after_kib=\(after.rssKiB) seconds=\(seconds) applied=\(report.applied)"
        )

    case "merge", "local", "loop-merge", "loop-local", "breakdown":
        let rounds = option("rounds", default: 7)
        log("setup: writer replica, \(mergeCommits) commits × \(opsPerCommit) ops ...")
        let fixture = try Fixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit)
        switch command {
        case "merge": try runMerge(rounds: rounds, fixture: fixture).printDetail()
        case "local": try runLocal(rounds: rounds, fixture: fixture).printDetail()
        case "breakdown": try breakdown(fixture: fixture)
        case "loop-merge":
            for _ in 0..<rounds {
                do { _ = try CuerdaRun.importBundle(fixture.mergeBundle, into: try fixture.freshTarget("loop")) }
                fixture.remove("loop")
            }
        default:
            let updates = workload.singleRowUpdates(count: localCount)
            for _ in 0..<rounds {
                do { try CuerdaRun.localWrites(updates, on: try fixture.freshTarget("loop"), workload: workload) }
                fixture.remove("loop")
            }
        }

    case "size":
        for style in RowIDStyle.allCases {
            let fixture = try Fixture(workload: Workload(idStyle: style), commits: mergeCommits, opsPerCommit: opsPerCommit)
            let s = try measureSize(fixture, style: style)
            print(
                "\(style.rawValue) row IDs: \(s.bytes) bytes for \(s.ops) ops = \(f2(s.perOp)) bytes/op (uncompressed body \(f2(s.bodyPerOp)) bytes/op)"
            )
        }

    case "memory":
        printMemory(try runMemory(commits: option("commits", default: 10_000)))

    case "all":
        let rounds = option("rounds", default: 7)
        log("setup: writer replica, \(mergeCommits) commits × \(opsPerCommit) ops ...")
        let fixture = try Fixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit)
        log("merge: \(rounds) rounds ...")
        let merge = try runMerge(rounds: rounds, fixture: fixture)
        log("local writes: \(rounds) rounds ...")
        let local = try runLocal(rounds: rounds, fixture: fixture)
        let uuidSize = try measureSize(fixture, style: .uuid)
        log("size: short row IDs ...")
        let shortSize = try measureSize(
            try Fixture(workload: Workload(idStyle: .short), commits: mergeCommits, opsPerCommit: opsPerCommit), style: .short)
        // The 100k-op merge bundle's import in a child too: how peak RSS grows with bundle size.
        let smallTarget = fixture.directory.file("small-target.cuerda")
        let smallBundle = fixture.directory.file("merge.bundle")
        try copyDatabase(fixture.targetTemplate, to: smallTarget)
        try Data(fixture.mergeBundle).write(to: URL(fileURLWithPath: smallBundle))
        let small = try childImport(replica: smallTarget, bundle: smallBundle)
        let memory = try runMemory(commits: option("memory-commits", default: 10_000))

        merge.printDetail()
        local.printDetail()
        print("## Size")
        for s in [uuidSize, shortSize] {
            print(
                "  \(s.style.rawValue) row IDs: \(s.bytes) bytes / \(s.ops) ops = \(f2(s.perOp)) bytes/op (uncompressed body \(f2(s.bodyPerOp)))"
            )
        }
        print(
            String(
                format: "## Memory: 100k-op bundle import peak RSS %.1f MiB (after open %.1f MiB)", Double(small.hwmAfter) / 1024,
                Double(small.hwmBefore) / 1024))
        printMemory(memory)

        print("\n| measurement | Cuerda | baseline | ratio (wall, median) | ratio (CPU) | target | met? |")
        print("|---|---|---|---|---|---|---|")
        for (c, target) in [(merge, 1.0), (local, 2.0)] {
            let cw = median(c.cuerda.map(\.wall))
            let bw = median(c.baseline.map(\.wall))
            print(
                "| \(c.name) | \(ms(cw)), \(kops(c.ops, cw)) | \(ms(bw)), \(kops(c.ops, bw)) | \(f2(c.wallRatio)) | \(f2(c.cpuRatio)) | ≤ \(f2(target)) | \(c.wallRatio <= target ? "yes" : "no") |"
            )
        }
        print("| bundle bytes/op (UUID row IDs) | \(f2(uuidSize.perOp)) | | | | ≤ 25 | \(uuidSize.perOp <= 25 ? "yes" : "no") |")
        print(
            "| bundle bytes/op (short row IDs) | \(f2(shortSize.perOp)) | | | | ≤ 25 | \(shortSize.perOp <= 25 ? "yes" : "no") |")
        let peak = Double(memory.hwmAfterKiB) / 1024
        print(
            "| peak RSS, import of \(memory.ops / 1000)k ops | \(String(format: "%.1f MiB", peak)) | | | | ≤ 150 MB | \(peak * 1.048576 <= 150 ? "yes" : "no") |"
        )

    case "tcp", "tcp-sync", "tcp-noop", "tcp-hub":
        let rounds = max(1, option("rounds", default: 5))
        var oneWay: RouteComparison?
        var twoWay: RouteComparison?
        var noOp: NoOpResult?
        var hub: HubResult?
        if command == "tcp" || command == "tcp-sync" {
            log("tcp: building the replica pairs (\(mergeCommits) commits × \(opsPerCommit) ops by A, \(mergeCommits / 2) by B) ...")
            let fixture = try SyncPairFixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit, progress: { log("  \($0)") })
            log("tcp one way: \(rounds) rounds ...")
            oneWay = try runTCPOneWay(rounds: rounds, fixture: fixture)
            oneWay!.printDetail()
            log("tcp two ways: \(rounds) rounds ...")
            twoWay = try runTCPTwoWay(rounds: rounds, fixture: fixture)
            twoWay!.printDetail()
        }
        if command == "tcp" || command == "tcp-noop" {
            noOp = try runTCPNoOp(rounds: max(1, option("noop-rounds", default: 9)), largeRows: option("large-rows", default: 100_000))
            noOp!.printDetail()
        }
        if command == "tcp" || command == "tcp-hub" {
            hub = try runTCPHub(rounds: max(1, option("hub-rounds", default: 5)), clients: option("clients", default: 20))
            hub!.printDetail()
        }
        printTCPSummary(oneWay: oneWay, twoWay: twoWay, noOp: noOp, hub: hub)

    case "tcp-breakdown":
        // Phases of the bundle route, to compare the one-way and two-way baselines.
        let fixture = try SyncPairFixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit)
        for round in 0..<option("rounds", default: 3) {
            for (label, ta, tb) in [("one way", fixture.oneWayA, fixture.oneWayB), ("two ways", fixture.twoWayA, fixture.twoWayB)] {
                do {
                    let a = try fixture.fresh(ta, as: "a")
                    let b = try fixture.fresh(tb, as: "b")
                    var va = VersionVector(), vb = VersionVector()
                    let tv = try measureProcess {
                        va = try a.vector()
                        vb = try b.vector()
                    }
                    let te1 = try measureProcess { try a.exportBundle(to: fixture.file("ab.bundle"), since: vb) }
                    let te2 = try measureProcess { try b.exportBundle(to: fixture.file("ba.bundle"), since: va) }
                    var r1 = IngestReport(), r2 = IngestReport()
                    let ti1 = try measureProcess { r1 = try b.importBundle(at: fixture.file("ab.bundle")) }
                    let ti2 = try measureProcess { r2 = try a.importBundle(at: fixture.file("ba.bundle")) }
                    func t(_ s: Sample) -> String { String(format: "%.0f/%.0f", s.wall * 1000, s.cpu * 1000) }
                    print("round \(round) \(label): vectors \(t(tv)) export A→ \(t(te1)) export B→ \(t(te2)) import into B \(t(ti1)) (\(r1.applied)) import into A \(t(ti2)) (\(r2.applied))  [wall/cpu ms]")
                }
                fixture.remove("a", "b", "ab", "ba")
            }
        }

    case "loop-noop":
        // No-op resyncs of the small in-sync pair, for `perf record` / `strace -c`.
        let pair = try InSyncPair(rows: 100, rowsPerCommit: 10, label: "cuerda-bench-loop-noop")
        var walls: [Double] = []
        var cpus: [Double] = []
        for _ in 0..<option("rounds", default: 50) {
            let c0 = Clock.processCPU()
            let s = try blocking { try await TCPRun.sync(client: pair.a, server: pair.b) }
            walls.append(s.wall)
            cpus.append(Clock.processCPU() - c0)
        }
        print("no-op sessions: wall median \(ms(median(walls))), process cpu median \(ms(median(cpus)))")

    case "loop-tcp":
        let fixture = try SyncPairFixture(workload: workload, commits: mergeCommits, opsPerCommit: opsPerCommit)
        for _ in 0..<option("rounds", default: 5) {
            do {
                let a = try fixture.fresh(fixture.oneWayA, as: "a")
                let b = try fixture.fresh(fixture.oneWayB, as: "b")
                let s = try blocking { try await TCPRun.sync(client: a, server: b) }
                log("session \(ms(s.wall)), \(s.wireBytes) bytes, \(s.clientBatches) batches")
            }
            fixture.remove("a", "b")
        }

    default:
        throw BenchError("unknown command '\(command)'; see the comment at the top of Sources/cuerda-bench/main.swift")
    }
} catch {
    log("cuerda-bench: \(error)")
    exit(1)
}

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

/// A `cuerda import` of a large bundle is killed with SIGKILL at seeded random moments. The
/// replica it leaves must pass SQLite's integrity check, hold only whole batches of whole
/// commits, and converge to the source once the bundle is imported again.
///
/// Needs the `cuerda` executable next to the test bundle (`swift build --build-tests` builds
/// both) and the `sqlite3` command-line tool.
@Suite(.serialized) struct CrashSafetyTests {
    /// Commits in the big bundle: one whole batch of the importer's 1,000 and a part batch.
    /// (Importing costs ~1.2 ms a commit in a debug build, half of it the signature check,
    /// which bounds the size for a one-minute test of 20 kills.)
    static let total = 1_500
    static let batch = 1_000

    @Test func anImportKilledAtRandomMomentsLeavesAConsistentReplicaThatConverges() throws {
        let cuerda = try #require(
            ChildProcess.builtProduct("cuerda"),
            "no cuerda executable next to \(CommandLine.arguments.first ?? "the tests"); run `swift build --build-tests` first")
        let sqlite3 = try #require(ChildProcess.onPath("sqlite3"), "the sqlite3 command-line tool is not installed")
        let dir = TemporaryDirectory("crash")
        var system = SystemRandomNumberGenerator()
        let workspace = WorkspaceID.random(using: &system)

        // The source: 1,500 commits of three devices, each depending on all before it.
        let source = try Replica.create(at: dir.file("source.cuerda"), workspace: workspace, schema: Fixtures.schema)
        let commits = BulkHistory.commits(
            workspace: workspace, devices: [DeviceKey(), DeviceKey(), DeviceKey()], count: Self.total, padding: 64)
        for start in stride(from: 0, to: commits.count, by: Self.batch) {
            let report = try source.ingest(Array(commits[start..<min(start + Self.batch, commits.count)]))
            #expect(report.applied == min(Self.batch, commits.count - start), "the source refused its own history: \(report)")
        }
        let big = dir.file("big.bundle")
        let exported = try source.exportBundle(to: big)
        #expect(exported.commits == Self.total)
        let sourceDigest = try source.digest()
        let sourceVector = try source.vector()

        // Calibration: one full import, timed, which must converge.
        let calibration = dir.file("calibration.cuerda")
        try Self.createTarget(at: calibration, workspace: workspace)
        let full = try ChildProcess.run(cuerda, ["import", big, "--replica", calibration], timeout: 120)
        try #require(full.exitedNormally && full.status == 0, "the full import failed: \(full)")
        #expect(full.stdout.contains("applied \(Self.total)"), "\(full.stdout)")
        #expect(try Replica.open(at: calibration).digest() == sourceDigest)
        var duration = full.seconds

        let seeds = SeededGenerator.seeds(SeededGenerator.soak(20), salt: 0xC4A5_4000)
        var killed = 0
        var outcomes: [Int: Int] = [:]
        for (trial, seed) in seeds.enumerated() {
            var rng = SeededGenerator(seed: seed)
            // Spread over the whole import, from process start to a little past its end.
            let delay = duration * Double.random(in: 0.02...1.05, using: &rng)
            let replay =
                "trial \(trial), kill after \(String(format: "%.3f", delay)) s of \(String(format: "%.3f", duration)) s; replay with CUERDA_SEED=\(seed)"
            let path = dir.file("target-\(trial).cuerda")
            try Self.createTarget(at: path, workspace: workspace)
            let run = try ChildProcess.run(cuerda, ["import", big, "--replica", path], killAfter: delay)
            if run.wasKilled {
                killed += 1
            } else {
                #expect(run.exitedNormally && run.status == 0, "\(replay): the import failed on its own: \(run)")
                // It ran to the end: a fresh measure of the import time, should the load have changed.
                duration = run.seconds
            }

            // SQLite's view of the file, as the next process to open it sees it.
            let check = try ChildProcess.run(sqlite3, [path, "PRAGMA integrity_check;"], timeout: 60)
            #expect(
                check.status == 0 && check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(replay): \(check)")
            let counts = try ChildProcess.run(
                sqlite3,
                [
                    path,
                    """
                    SELECT COUNT(*) FROM _cuerda_commit WHERE state = 1;
                    SELECT COUNT(*) FROM _cuerda_commit WHERE state <> 1;
                    SELECT COALESCE(SUM(head), 0) FROM _cuerda_feed;
                    SELECT COUNT(*) FROM cells WHERE id LIKE 'row-%';
                    SELECT COUNT(*) FROM grades;
                    SELECT COUNT(*) FROM _cuerda_row;
                    SELECT COALESCE((SELECT n FROM cells WHERE id = 'counter'), -1);
                    """,
                ], timeout: 60)
            let numbers = counts.stdout.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            try #require(numbers.count == 7, "\(replay): unexpected sqlite3 output \(counts)")
            let applied = numbers[0]
            outcomes[applied, default: 0] += 1
            // Each batch is one transaction: whole batches or nothing.
            #expect(
                applied % Self.batch == 0 || applied == Self.total, "\(replay): \(applied) commits applied, not whole batches")
            #expect(numbers[1] == 0, "\(replay): \(numbers[1]) commits held but not applied")
            #expect(numbers[2] == applied, "\(replay): feed heads sum to \(numbers[2]) for \(applied) applied commits")
            // Every applied commit's effects, and nothing of any other commit.
            #expect(numbers[3] == applied, "\(replay): \(numbers[3]) rows of \(applied) applied commits")
            #expect(numbers[4] == applied, "\(replay): \(numbers[4]) grades of \(applied) applied commits")
            #expect(
                numbers[5] == 2 * applied + (applied > 0 ? 1 : 0), "\(replay): \(numbers[5]) row states for \(applied) commits")
            #expect(numbers[6] == applied - 1, "\(replay): the counter is at \(numbers[6]) after \(applied) commits")

            // The library opens it, sees the same, and importing again converges.
            let target = try Replica.open(at: path)
            #expect(
                try target.rowIDs("cells").filter { $0.hasPrefix("row-") } == (0..<applied).map(BulkHistory.rowID), "\(replay)")
            let again = try target.importBundle(at: big)
            #expect(again.applied == Self.total - applied && again.duplicates == applied, "\(replay): re-import \(again)")
            #expect(try target.digest() == sourceDigest, "\(replay): did not converge")
            #expect(try target.vector() == sourceVector, "\(replay): vectors differ")
            #expect(try target.pendingCount() == 0 && target.quarantine().isEmpty, "\(replay)")
        }
        let summary = outcomes.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: ", ")
        print(
            "CrashSafetyTests: full import \(String(format: "%.2f", duration)) s; \(killed) of \(seeds.count) imports killed; commits applied at the kill: \(summary)"
        )
        // The moments are spread over the import, so most runs must really have been killed
        // (not checked when replaying a single seed).
        if seeds.count >= 4 {
            #expect(killed * 4 >= seeds.count, "only \(killed) of \(seeds.count) imports were killed before they ended")
        }
    }

    /// A new, empty replica of the workspace, closed again (no WAL left beside it).
    static func createTarget(at path: String, workspace: WorkspaceID) throws {
        _ = try Replica.create(at: path, workspace: workspace, schema: Fixtures.schema)
    }
}

/// Runs a child process with its output captured in files, a timeout, and optionally a
/// SIGKILL after a delay.
enum ChildProcess {
    struct Result: CustomStringConvertible {
        var status: Int32
        var exitedNormally: Bool
        var wasKilled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
        var seconds: Double

        var description: String {
            let how = exitedNormally ? "exit \(status)" : "signal \(status)"
            return
                "\(how)\(timedOut ? " (timed out)" : "") after \(String(format: "%.2f", seconds)) s; stdout: \(stdout.prefix(2000)); stderr: \(stderr.prefix(2000))"
        }
    }

    /// - Parameters:
    ///   - killAfter: seconds after which the child gets SIGKILL, if it is still running.
    ///   - timeout: seconds after which a child still running is killed and reported as timed out.
    static func run(_ executable: String, _ arguments: [String], killAfter: Double? = nil, timeout: Double = 120) throws -> Result
    {
        let scratch = FileManager.default.temporaryDirectory.path + "/cuerda-child-\(UUID().uuidString.prefix(8))"
        let outPath = scratch + ".out"
        let errPath = scratch + ".err"
        guard FileManager.default.createFile(atPath: outPath, contents: nil),
            FileManager.default.createFile(atPath: errPath, contents: nil)
        else { throw CocoaError(.fileWriteUnknown) }
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CUERDA_REPLICA"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        var timedOut = false
        if let killAfter, done.wait(timeout: .now() + killAfter) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        } else if killAfter == nil, done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            timedOut = true
            done.wait()
        }
        process.waitUntilExit()
        let elapsed = clock.now - start
        try out.close()
        try err.close()
        let signaled = process.terminationReason == .uncaughtSignal
        return Result(
            status: process.terminationStatus, exitedNormally: !signaled,
            wasKilled: signaled && process.terminationStatus == SIGKILL,
            timedOut: timedOut, stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// A product built beside the test bundle: searched in the directories holding the test
    /// executable and upwards (`.build/debug/cuerda` next to `.build/debug/*.xctest`).
    /// `CUERDA_BINARY` overrides the search.
    static func builtProduct(_ name: String) -> String? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["CUERDA_BINARY"], fileManager.isExecutableFile(atPath: path) {
            return path
        }
        var starts: [URL] = []
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first).deletingLastPathComponent()) }
        if let executable = Bundle.main.executableURL { starts.append(executable.deletingLastPathComponent()) }
        starts.append(Bundle.main.bundleURL)
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent(name).path
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fileManager.isExecutableFile(atPath: candidate)
                {
                    return candidate
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// An executable found on `PATH` (or in /usr/bin).
    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

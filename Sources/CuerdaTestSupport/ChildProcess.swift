import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs other programs from the tests: the built `cuerda` executable (the CLI tests, and the
/// crash-safety test that kills it mid-import) and the `sqlite3` tool (to see a replica as
/// plain SQLite sees it). One implementation, so that every test that runs a child gets the
/// same guarantees: its output is never lost, it cannot hang the test run, and the developer's
/// own `CUERDA_REPLICA` cannot leak into it.
public enum ChildProcess {
    /// What one run of a child process did.
    public struct Result: CustomStringConvertible, Sendable {
        /// The path of the program that ran.
        public var executable: String
        public var arguments: [String]
        /// The exit status, or the number of the signal that ended the child (see `exitedNormally`).
        public var status: Int32
        /// Whether the child exited by itself rather than being ended by a signal.
        public var exitedNormally: Bool
        /// Whether a SIGKILL ended the child: the `killAfter` of `run`, a timeout, or anyone else's.
        public var wasKilled: Bool
        /// Whether the child was still running at the timeout and was killed for it.
        public var timedOut: Bool
        public var stdout: String
        public var stderr: String
        /// Wall-clock seconds from the start of the child to its end.
        public var seconds: Double

        public var description: String {
            let command = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
            let how = exitedNormally ? "exit \(status)" : "signal \(status)"
            return
                "`\(command)`: \(how)\(timedOut ? " (timed out)" : "") after \(String(format: "%.2f", seconds)) s"
                + "\n--- stdout:\n\(stdout.prefix(3000))\n--- stderr:\n\(stderr.prefix(3000))"
        }
    }

    /// Why a helper that needs a child's success could not give it.
    public enum Failure: Error, CustomStringConvertible {
        /// The program is not installed.
        case notFound(String)
        /// The program ran but did not exit 0.
        case failed(Result)

        public var description: String {
            switch self {
            case .notFound(let name): "\(name) not found on PATH"
            case .failed(let result): "a child process failed: \(result)"
            }
        }
    }

    /// Runs `executable` and waits for it, with its output captured.
    ///
    /// The output goes to files rather than pipes: a child that writes more than a pipe holds
    /// would block until someone reads it, and a child killed mid-write must not leave the test
    /// waiting on a pipe that never closes. Standard input is `/dev/null`, so a child that reads
    /// it ends instead of waiting for a terminal.
    ///
    /// - Parameters:
    ///   - directory: the child's working directory; this process's when nil.
    ///   - environment: variables set for the child on top of this process's environment, from
    ///     which `CUERDA_REPLICA` is removed so that a developer's setting cannot change a test.
    ///   - killAfter: seconds after which the child gets SIGKILL if it is still running, for
    ///     tests of what a crash at a random moment leaves behind. Not reported as a timeout.
    ///   - timeout: seconds after which a child still running is killed with SIGKILL and reported
    ///     as timed out, so that a hang fails the test instead of stalling the whole run.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
        killAfter: Double? = nil, timeout: Double = 120
    ) throws -> Result {
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
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var inherited = ProcessInfo.processInfo.environment
        inherited["CUERDA_REPLICA"] = nil
        for (key, value) in environment { inherited[key] = value }
        process.environment = inherited
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        // One wait, until the kill or the timeout, whichever comes first.
        let killAt = killAfter.flatMap { $0 < timeout ? $0 : nil }
        var timedOut = false
        if done.wait(timeout: .now() + (killAt ?? timeout)) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            timedOut = killAt == nil
            done.wait()
        }
        process.waitUntilExit()
        let elapsed = clock.now - start
        try out.close()
        try err.close()
        let signaled = process.terminationReason == .uncaughtSignal
        return Result(
            executable: executable, arguments: arguments, status: process.terminationStatus, exitedNormally: !signaled,
            wasKilled: signaled && process.terminationStatus == SIGKILL, timedOut: timedOut,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The `cuerda` executable that `swift build --build-tests` builds beside the test bundle
    /// (`.build/debug/cuerda` next to `.build/debug/*.xctest`), so that the tests run the code
    /// of this checkout rather than an installed copy. Searched in the directories holding the
    /// test executable and upwards. `CUERDA_BINARY` overrides the search, for testing another
    /// build.
    public static func locateCuerdaBinary() -> String? {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["CUERDA_BINARY"], fileManager.isExecutableFile(atPath: path) {
            return path
        }
        return builtProduct("cuerda")
    }

    /// An executable found on `PATH`, or in the usual places for tools when `PATH` lacks them.
    public static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `sql` on the database at `path` with the `sqlite3` tool, read-only, and returns what
    /// it printed. Tests use it to check that a replica is plain SQLite that another program can
    /// read, independently of the library's own reading code.
    ///
    /// - Throws: `Failure.notFound` without the tool, `Failure.failed` unless it exits 0.
    public static func sqlite3(_ path: String, _ sql: String) throws -> String {
        guard let sqlite3 = onPath("sqlite3") else { throw Failure.notFound("sqlite3") }
        let result = try run(sqlite3, ["-readonly", path, sql], timeout: 60)
        guard result.exitedNormally, result.status == 0 else { throw Failure.failed(result) }
        return result.stdout
    }

    /// A product built beside the test bundle: searched in the directories holding the test
    /// executable and upwards, at most eight levels.
    private static func builtProduct(_ name: String) -> String? {
        let fileManager = FileManager.default
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
}

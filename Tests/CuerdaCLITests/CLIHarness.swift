import CuerdaTestSupport
import Foundation
import Testing

/// What one run of the `cuerda` binary did; its description shows the command, how it ended
/// and its output, for the messages of failed expectations.
typealias CLIRun = ChildProcess.Result

/// A scratch directory in which the built `cuerda` binary runs, with helpers to check its
/// output and its errors.
final class CLIWorkdir {
    let dir = TemporaryDirectory("cli")
    let binary: String

    /// The application schema the tests use, as a user writes it.
    static let schemaJSON = """
        {
          "name": "crm",
          "version": 1,
          "tables": [
            {"name": "cells", "audience": "all", "columns": [
              {"name": "a", "type": "any", "policy": "lww"},
              {"name": "n", "type": "integer", "policy": "lww"},
              {"name": "r", "type": "real", "policy": "lww"},
              {"name": "t", "type": "text", "policy": "lww"},
              {"name": "x", "type": "blob", "policy": "lww"}]},
            {"name": "grades", "audience": "all", "columns": [
              {"name": "need", "type": "text", "policy": "lww"},
              {"name": "letter", "type": "text", "policy": "multiValue"}]},
            {"name": "notes", "audience": "team:sales", "columns": [
              {"name": "body", "type": "text", "policy": "lww"}]}
          ]
        }
        """

    init(sourceLocation: SourceLocation = #_sourceLocation) throws {
        binary = try #require(
            ChildProcess.locateCuerdaBinary(),
            "no cuerda executable next to \(CommandLine.arguments.first ?? "the tests"); run `swift build --build-tests` first",
            sourceLocation: sourceLocation)
    }

    func path(_ name: String) -> String { dir.file(name) }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file(name)))
    }

    func size(_ name: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: dir.file(name))[.size] as? Int)
    }

    /// Runs `cuerda` in the scratch directory, without `CUERDA_REPLICA` unless given.
    func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: Double = 60) throws -> CLIRun {
        try ChildProcess.run(binary, arguments, in: dir.path, environment: extra, timeout: timeout)
    }

    /// Runs a command that must succeed (exit 0, nothing on stderr) and returns its stdout.
    @discardableResult
    func succeed(_ arguments: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> String
    {
        let run = try run(arguments, environment: environment)
        try #require(run.exitedNormally && run.status == 0, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderr.isEmpty, "\(run)", sourceLocation: sourceLocation)
        return run.stdout
    }

    /// Runs a command that must succeed and print one JSON document.
    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let stdout = try succeed(arguments, sourceLocation: sourceLocation)
        do {
            return try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        } catch {
            Issue.record(
                "`cuerda \(arguments.joined(separator: " "))` printed invalid JSON: \(stdout)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Runs a command that must fail cleanly: exit `code`, nothing on stdout, and exactly one
    /// line on stderr, `cuerda: error: ...`, mentioning each of `words`.
    @discardableResult
    func fail(
        _ arguments: [String], code: Int32, mentioning words: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> CLIRun
    {
        let run = try run(arguments)
        Self.expectNoCrash(run, sourceLocation: sourceLocation)
        #expect(run.status == code, "expected exit \(code): \(run)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "an error printed to stdout: \(run)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("cuerda: error: "), "\(run)", sourceLocation: sourceLocation)
        #expect(
            run.stderr.hasSuffix("\n") && run.stderr.filter { $0 == "\n" }.count == 1, "not one line: \(run)",
            sourceLocation: sourceLocation)
        for word in words {
            #expect(run.stderr.contains(word), "the error does not mention '\(word)': \(run)", sourceLocation: sourceLocation)
        }
        return run
    }

    /// Runs a command that ArgumentParser must refuse: exit 64 (EX_USAGE), "Error: ..." first,
    /// then the usage.
    @discardableResult
    func usageError(_ arguments: [String], mentioning words: [String] = [], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> CLIRun
    {
        let run = try run(arguments)
        Self.expectNoCrash(run, sourceLocation: sourceLocation)
        #expect(run.status == 64, "expected the usage exit code 64: \(run)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("Error: "), "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains("Usage: cuerda"), "\(run)", sourceLocation: sourceLocation)
        for word in words {
            #expect(run.stderr.contains(word), "the error does not mention '\(word)': \(run)", sourceLocation: sourceLocation)
        }
        return run
    }

    static func expectNoCrash(_ run: CLIRun, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.exitedNormally && !run.timedOut, "crashed or hung: \(run)", sourceLocation: sourceLocation)
        for marker in ["Backtrace", "Fatal error", "Stack dump", "Segmentation fault", "Illegal instruction", "💣"] {
            #expect(
                !run.stderr.contains(marker) && !run.stdout.contains(marker), "'\(marker)' in the output: \(run)",
                sourceLocation: sourceLocation)
        }
    }

    /// Creates a replica of a new workspace with the test schema; returns the workspace ID.
    @discardableResult
    func initReplica(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        if !FileManager.default.fileExists(atPath: path("schema.json")) { try write("schema.json", Self.schemaJSON) }
        let out = try succeed(["init", "--schema", "schema.json", "--replica", name], sourceLocation: sourceLocation)
        let words = out.split(separator: " ")
        try #require(
            words.count >= 3 && words[0] == "Created" && words[1] == "workspace", "\(out)", sourceLocation: sourceLocation)
        return String(words[2])
    }

    func digest(_ replica: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try succeed(["digest", "--replica", replica], sourceLocation: sourceLocation).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// The commit count of `Wrote N commits (M bytes) to FILE`.
    static func wroteCount(_ out: String) -> Int? {
        guard out.hasPrefix("Wrote ") else { return nil }
        return Int(out.dropFirst(6).prefix { $0.isNumber })
    }
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) -> Int? { self[key] as? Int }
    func string(_ key: String) -> String? { self[key] as? String }
    func double(_ key: String) -> Double? { self[key] as? Double }
    func isNull(_ key: String) -> Bool { self[key] is NSNull }
}

func isHex(_ text: String, length: Int) -> Bool {
    text.count == length && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
}

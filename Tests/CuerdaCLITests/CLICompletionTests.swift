import CuerdaTestSupport
import Foundation
import Testing

/// The shell completions and the man page are generated from the argument parser by
/// `Scripts/generate-docs.sh` and committed. These tests run the built binary and fail when a
/// committed file no longer matches it: after changing a command, an option or a help text, run
/// the script and commit what it writes.
@Suite struct CLICompletionTests {
    /// The repository's root: this file is `Tests/CuerdaCLITests/CLICompletionTests.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each shell ArgumentParser generates a script for, and where the script is committed.
    static let completionFiles = [
        "bash": "completions/cuerda.bash", "zsh": "completions/_cuerda", "fish": "completions/cuerda.fish",
    ]

    static let manPage = "Docs/man/cuerda.1"

    static func committed(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let url = packageRoot.appendingPathComponent(relativePath)
        let data = try #require(
            FileManager.default.contents(atPath: url.path),
            "\(relativePath) is missing: run Scripts/generate-docs.sh and commit what it writes",
            sourceLocation: sourceLocation)
        return String(decoding: data, as: UTF8.self)
    }

    /// The binary's completion script for `shell`, which must be produced without a hitch.
    static func generatedScript(_ shell: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let run = try CLIWorkdir().run(["--generate-completion-script", shell])
        CLIWorkdir.expectNoCrash(run, sourceLocation: sourceLocation)
        try #require(run.status == 0, "\(run)", sourceLocation: sourceLocation)
        #expect(run.stderr.isEmpty, "\(run)", sourceLocation: sourceLocation)
        return run.stdout
    }

    /// Where two texts first differ, for a failure message that says what changed.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(old.count, new.count) {
            let a = index < old.count ? String(old[index]) : "(end of file)"
            let b = index < new.count ? String(new[index]) : "(end of output)"
            if a != b { return "line \(index + 1): committed `\(a)`, binary `\(b)`" }
        }
        return "no line differs"
    }

    // MARK: - What `--experimental-dump-help` says the command tree is

    /// The part of ArgumentParser's help dump (the input of the `generate-manual` tool) that
    /// the man page is checked against.
    struct HelpDump: Decodable {
        var serializationVersion: Int
        var command: Command

        struct Command: Decodable {
            var commandName: String
            var abstract: String?
            var arguments: [Argument]?
            var subcommands: [Command]?
        }

        struct Argument: Decodable {
            var kind: String
            var names: [Name]?
            var valueName: String?
            var shouldDisplay: Bool
        }

        struct Name: Decodable {
            var kind: String
            var name: String
        }
    }

    static func helpDump() throws -> HelpDump {
        let run = try CLIWorkdir().run(["--experimental-dump-help"])
        try #require(run.exitedNormally && run.status == 0, "\(run)")
        let dump = try JSONDecoder().decode(HelpDump.self, from: Data(run.stdout.utf8))
        try #require(dump.serializationVersion == 0, "a help dump format this test does not know")
        return dump
    }

    /// Every subcommand below `command`, depth first, in the order help lists them, with its path.
    static func subcommands(of command: HelpDump.Command, path: [String] = []) -> [(path: [String], command: HelpDump.Command)] {
        (command.subcommands ?? []).flatMap { sub in
            [(path + [sub.commandName], sub)] + subcommands(of: sub, path: path + [sub.commandName])
        }
    }

    /// How the mdoc generator writes a line of text: `\` as `\e`.
    static func mdocText(_ text: String) -> String { text.replacingOccurrences(of: "\\", with: "\\e") }

    // MARK: - Completions

    @Test(arguments: ["bash", "zsh", "fish"])
    func theCompletionScriptOffersEverySubcommand(_ shell: String) throws {
        let script = try Self.generatedScript(shell)
        for word in ["scorecard", "quota", "close-gap", "seal", "serve", "replica", "idle-timeout"] {
            let mentioned = script.contains(word)  // a Bool, so that a failure does not print the script
            #expect(mentioned, "the \(shell) completions do not mention \(word)")
        }
        for (path, _) in Self.subcommands(of: try Self.helpDump().command) where path.count == 1 {
            let mentioned = script.contains(path[0])
            #expect(mentioned, "the \(shell) completions do not mention the subcommand \(path[0])")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func theCommittedCompletionScriptIsUpToDate(_ shell: String) throws {
        let file = try #require(Self.completionFiles[shell])
        let committed = try Self.committed(file)
        let generated = try Self.generatedScript(shell)
        let upToDate = committed == generated  // a Bool, so that a failure does not print both scripts
        #expect(
            upToDate,
            """
            \(file) is stale (\(Self.firstDifference(committed, generated))): \
            run Scripts/generate-docs.sh and commit what it writes
            """)
    }

    @Test func theCommittedBashScriptRegistersTheCompletion() throws {
        let bash = try #require(ChildProcess.onPath("bash"))
        let file = Self.packageRoot.appendingPathComponent("completions/cuerda.bash").path
        let run = try ChildProcess.run(bash, ["--norc", "-c", "source \"$1\" && complete -p cuerda", "bash", file])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        #expect(run.stdout.contains("-F _cuerda cuerda"), "\(run)")
    }

    /// What bash offers at the cursor for a command line, from the committed script.
    static func bashCompletions(_ words: [String]) throws -> [String] {
        let bash = try #require(ChildProcess.onPath("bash"))
        let file = Self.packageRoot.appendingPathComponent("completions/cuerda.bash").path
        let script = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _cuerda cuerda "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """
        let run = try ChildProcess.run(bash, ["--norc", "-c", script, "bash", file] + words, in: Self.packageRoot.path)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        return run.stdout.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    @Test func bashOffersTheValuesAnOptionTakes() throws {
        #expect(try Self.bashCompletions(["cuerda", "init", "--team", ""]) == ["marketing", "sales", "leadership"])
        #expect(try Self.bashCompletions(["cuerda", "init", "--team", "s"]) == ["sales"])
        #expect(try Self.bashCompletions(["cuerda", "grade", "set", "3f2a", ""]) == ["A", "B", "C", "F"])
        #expect(try Self.bashCompletions(["cuerda", "export", "--audience", "team:"]).count == 3)
        #expect(try Self.bashCompletions(["cuerda", "action", "list", "--status", "d"]) == ["done", "dropped"])
        // A file option completes file names: here, those of the package's root.
        let files = try Self.bashCompletions(["cuerda", "import", "Packag"])
        #expect(files.contains("Package.swift"), "\(files)")
    }

    /// zsh and fish check the syntax of their scripts where they are installed.
    @Test(arguments: [("zsh", ["-n"]), ("fish", ["--no-execute"])])
    func theCommittedScriptParsesInItsShell(_ shell: String, _ options: [String]) throws {
        guard let program = ChildProcess.onPath(shell) else { return }
        let file = Self.packageRoot.appendingPathComponent(try #require(Self.completionFiles[shell])).path
        let run = try ChildProcess.run(program, options + [file])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
    }

    // MARK: - The man page

    /// The man page is made by the `generate-manual` plugin, which needs a package build, so it
    /// is not regenerated here. Instead it must list, in order, every subcommand of the binary's
    /// help dump (the plugin's own input), each with its abstract and its options.
    @Test func theCommittedManPageListsEveryCommandWithItsOptions() throws {
        let page = try Self.committed(Self.manPage)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (isCuerda1, hasBlankLines) = (lines.contains(".Dt CUERDA 1"), lines.dropLast().contains(""))
        #expect(isCuerda1, "not the cuerda(1) page")
        #expect(!hasBlankLines, "blank lines warn in man; Scripts/generate-docs.sh writes them as .Pp")

        let commands = Self.subcommands(of: try Self.helpDump().command)
        let headings = lines.indices.filter { lines[$0].hasPrefix(".It Em ") }
        let names = headings.map { String(lines[$0].dropFirst(".It Em ".count)) }
        let expected = commands.map { $0.path.last ?? "" }
        let sameCommands = names == expected
        try #require(
            sameCommands,
            """
            \(Self.manPage) does not list the binary's subcommands in order (missing: \
            \(Set(expected).subtracting(names).sorted()), extra: \(Set(names).subtracting(expected).sorted())): \
            run Scripts/generate-docs.sh
            """)

        for (index, (path, command)) in commands.enumerated() {
            // A command's section runs from its heading to the next command's heading.
            let end = index + 1 < headings.count ? headings[index + 1] : lines.count
            let section = Array(lines[headings[index]..<end])
            let name = "cuerda " + path.joined(separator: " ")
            if let abstract = command.abstract, !abstract.isEmpty {
                let hasAbstract = section.contains(Self.mdocText(abstract))
                #expect(hasAbstract, "\(Self.manPage): the abstract of `\(name)` is stale")
            }
            for argument in command.arguments ?? [] where argument.shouldDisplay {
                if let long = argument.names?.first(where: { $0.kind == "long" }) {
                    let listed = section.contains { $0.hasPrefix(".It Fl") && $0.split(separator: " ").contains("-\(long.name)") }
                    #expect(listed, "\(Self.manPage): `\(name)` lacks --\(long.name)")
                } else if argument.kind == "positional", let value = argument.valueName {
                    let listed = section.contains { $0.hasPrefix(".It Ar \(value)") }
                    #expect(listed, "\(Self.manPage): `\(name)` lacks <\(value)>")
                }
            }
        }
    }
}

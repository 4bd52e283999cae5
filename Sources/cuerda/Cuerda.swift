import Alignment
import ArgumentParser
import CuerdaCore
import CuerdaNet
import CuerdaStore
import Foundation

@main
struct Cuerda: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cuerda",
        abstract: "Offline-first sync of marketing and sales replicas.",
        discussion: """
            Each device keeps its own SQLite replica. Replicas exchange signed commits as bundle \
            files or over mutual-TLS connections (`serve`, `sync`) and converge, whatever the \
            order or route.

            The replica is the file given by --replica, else $CUERDA_REPLICA, else ./cuerda.sqlite.
            """,
        version: Cuerda.version,
        groupedSubcommands: [
            CommandGroup(
                name: "Workspace and members",
                subcommands: [Init.self, Join.self, Admit.self, Revoke.self, Members.self]),
            CommandGroup(
                name: "Roles and plans",
                subcommands: [AreaCommand.self, DisputeCommand.self, PlanCommand.self]),
            CommandGroup(
                name: "Targets, quotas and the monthly review",
                subcommands: [
                    TargetCommand.self, PotentialCommand.self, QuotaCommand.self, ActualCommand.self, ReviewCommand.self,
                    ActionCommand.self,
                ]),
            CommandGroup(
                name: "Report cards and celebrations",
                subcommands: [
                    CycleCommand.self, NeedCommand.self, GradeCommand.self, ScorecardCommand.self, CelebrateCommand.self,
                ]),
            CommandGroup(name: "Reports", subcommands: [ReportCommand.self]),
            CommandGroup(
                name: "Sync",
                subcommands: [Export.self, Import.self, Serve.self, Sync.self, Peers.self]),
            CommandGroup(
                name: "Rows and the log (any application)",
                subcommands: [
                    Put.self, Delete.self, Show.self, VectorCommand.self, Digest.self, Log.self, Quarantine.self,
                ]),
        ])

    /// The release, then the formats it reads and writes: what decides whether two builds can
    /// exchange commits, bundles and sync sessions.
    static let version =
        "0.9.0 (commit format \(CommitContent.format), bundle format \(BundleFormat.version), "
        + "sealed bundle format \(SealedBundle.version), sync protocol \(SyncMessage.protocolVersion), "
        + "rules \(PracticeRules.name))"

    /// Runs the command and maps every error to one line on stderr and an exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CuerdaError {
            FileHandle.standardError.write(Data("cuerda: error: \(error)\n".utf8))
            Foundation.exit(ExitCodes.code(for: error))
        } catch {
            exit(withError: error)
        }
    }
}

/// Exit codes, documented in `Docs/user-guide.md`.
enum ExitCodes {
    static func code(for error: CuerdaError) -> Int32 {
        switch error.code {
        case .invalidArgument, .notFound: 2
        case .rejectedWrite: 3
        case .badBundle, .badSignature, .malformed, .limitExceeded, .wrongWorkspace: 4
        case .storage, .io: 5
        case .protocolViolation, .refused, .timeout, .network: 6
        }
    }
}

/// The `--replica` option every command shares.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The replica file.", valueName: "path"), completion: .file())
    var replica: String?

    var path: String {
        replica ?? ProcessInfo.processInfo.environment["CUERDA_REPLICA"] ?? "cuerda.sqlite"
    }

    func open() throws -> Replica { try Replica.open(at: path, options: Self.options) }

    /// Every replica the CLI opens enforces the six practices' report-card rules (they
    /// apply only to replicas of that application).
    static let options = Replica.Options.practices
}

/// `--json` for read commands.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}

enum Output {
    /// Prints a JSON value with sorted keys, one document per command.
    static func json(_ value: Any) throws {
        let data = try JSONSerialization.data(
            withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Prints rows as aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }
}

/// Values the shell completions offer (typing others is still allowed: an application of
/// one's own may name other teams).
enum Completions {
    static let teams = ["marketing", "sales", "leadership"]
    static let audiences = ["all"] + teams.map { "team:\($0)" }
}

import Foundation
import Testing

/// `--help` of every subcommand succeeds and shows an example.
@Suite struct CLIHelpTests {
    static let subcommands = [
        "init", "put", "delete", "show", "export", "import", "vector", "serve", "sync", "peers", "join", "admit", "revoke",
        "members", "digest", "log", "quarantine",
    ]

    @Test(arguments: subcommands)
    func everySubcommandHasHelpWithAnExample(_ subcommand: String) throws {
        let cli = try CLIWorkdir()
        for arguments in [[subcommand, "--help"], [subcommand, "-h"], ["help", subcommand]] {
            let run = try cli.run(arguments)
            CLIWorkdir.expectNoCrash(run)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.isEmpty, "\(run)")
            #expect(run.stdout.contains("USAGE: cuerda \(subcommand)"), "\(run)")
            #expect(run.stdout.contains("Example"), "\(run)")
            #expect(run.stdout.contains("  cuerda \(subcommand)"), "the example should show the subcommand in use: \(run)")
            #expect(run.stdout.contains("--replica"), "\(run)")
        }
    }

    @Test func theRootHelpListsEverySubcommand() throws {
        let cli = try CLIWorkdir()
        for arguments in [["--help"], []] {
            let run = try cli.run(arguments)
            CLIWorkdir.expectNoCrash(run)
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("USAGE: cuerda <subcommand>"), "\(run)")
            for subcommand in Self.subcommands {
                #expect(run.stdout.contains("\n  \(subcommand) "), "\(subcommand) missing from the help: \(run)")
            }
            #expect(run.stdout.contains("CUERDA_REPLICA"), "\(run)")
        }
    }
}

extension CLIHelpTests {
    @Test func versionNamesTheReleaseAndTheFormats() throws {
        let cli = try CLIWorkdir()
        let run = try cli.run(["--version"])
        #expect(run.status == 0, "\(run)")
        for part in ["commit format 1", "bundle format 1", "sealed bundle format 1", "sync protocol 1", "alignment.practices/1"] {
            #expect(run.stdout.contains(part), "\(part) missing: \(run)")
        }
        #expect(run.stdout.hasSuffix("\n") && run.stdout.split(separator: "\n").count == 1, "\(run)")
    }
}

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

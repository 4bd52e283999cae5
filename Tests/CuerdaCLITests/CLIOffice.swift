import Foundation
import Testing

/// A six-practices workspace made with the built binary, one replica file per person:
/// `marta.cuerda` (marketing lead, founder), `mateo.cuerda` (marketing), `luis.cuerda` (sales
/// lead), `sara.cuerda` (sales rep), `elena.cuerda` (leadership lead).
struct CLIOffice {
    let cli: CLIWorkdir
    static let people = ["marta", "mateo", "luis", "sara", "elena"]
    static let teams = ["marta": "marketing", "mateo": "marketing", "luis": "sales", "sara": "sales", "elena": "leadership"]

    init(sourceLocation: SourceLocation = #_sourceLocation) throws {
        cli = try CLIWorkdir(sourceLocation: sourceLocation)
        try cli.succeed(
            ["init", "--team", "marketing", "--name", "Marta", "--replica", "marta.cuerda"], sourceLocation: sourceLocation)
        try CLIMembershipTests.admit(
            cli, "Luis", as: "luis", team: "sales", role: "lead", by: "marta.cuerda", sourceLocation: sourceLocation)
        try CLIMembershipTests.admit(cli, "Sara", as: "sara", team: "sales", by: "luis.cuerda", sourceLocation: sourceLocation)
        try CLIMembershipTests.admit(
            cli, "Mateo", as: "mateo", team: "marketing", by: "marta.cuerda", sourceLocation: sourceLocation)
        try CLIMembershipTests.admit(
            cli, "Elena", as: "elena", team: "leadership", role: "lead", by: "marta.cuerda", sourceLocation: sourceLocation)
        try syncAll(sourceLocation: sourceLocation)
    }

    /// Runs `cuerda ARGS --replica PERSON.cuerda`, which must succeed; returns stdout.
    @discardableResult
    func run(_ person: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try cli.succeed(arguments + ["--replica", "\(person).cuerda"], sourceLocation: sourceLocation)
    }

    /// Runs a read command with `--json` as PERSON and parses its output.
    func json(_ person: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        try cli.json(arguments + ["--json", "--replica", "\(person).cuerda"], sourceLocation: sourceLocation)
    }

    /// Runs a command as PERSON that must fail with `status`, a one-line error naming `words`.
    func fail(
        _ person: String, _ arguments: [String], code: Int32, mentioning words: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try cli.fail(
            arguments + ["--replica", "\(person).cuerda"], code: code, mentioning: words, sourceLocation: sourceLocation)
    }

    /// Passes everything `from` holds that `to` may see, as a bundle file.
    func send(_ from: String, to: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = "\(from)-to-\(to).bundle"
        var audiences = ["--audience", "all"]
        if let team = Self.teams[to], team == Self.teams[from] { audiences += ["--audience", "team:\(team)"] }
        try cli.succeed(
            ["export", "--out", file, "--replica", "\(from).cuerda"] + audiences, sourceLocation: sourceLocation)
        try cli.succeed(["import", file, "--replica", "\(to).cuerda"], sourceLocation: sourceLocation)
    }

    /// Bundles between every pair until nothing changes (two rounds suffice for a full mesh).
    func syncAll(sourceLocation: SourceLocation = #_sourceLocation) throws {
        for _ in 0..<2 {
            for from in Self.people {
                for to in Self.people where to != from { try send(from, to: to, sourceLocation: sourceLocation) }
            }
        }
    }
}

@Suite struct CLIOfficeTests {
    @Test func theOfficeIsFoundedAndEveryoneConverges() throws {
        let office = try CLIOffice()
        let shared = try CLIOffice.people.map {
            try office.run($0, ["digest", "--audience", "all"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(Set(shared).count == 1, "\(shared)")
        let members = try CLIMembershipTests.members(office.cli, "sara.cuerda").devices.values
        #expect(Set(members.compactMap { $0.string("team") }) == ["marketing", "sales", "leadership"])
        #expect(members.count == 5)
    }
}

import Foundation
import Testing

/// Practices 1, 2 and 6 through the built binary: `area`, `dispute`, `plan`, `celebrate`.
@Suite struct CLIRolesPlansTests {
    /// The word at `index` of a one-line confirmation (the new record's short ID).
    private func word(_ index: Int, of line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let words = line.split(separator: " ")
        try #require(words.count > index, "\(line)", sourceLocation: sourceLocation)
        return String(words[index])
    }

    @Test func everySubcommandHasHelpWithAnExample() throws {
        let cli = try CLIWorkdir()
        let commands = [
            ["area", "list"], ["area", "set"], ["dispute", "raise"], ["dispute", "position"], ["dispute", "escalate"],
            ["dispute", "rule"], ["dispute", "list"], ["dispute", "show"], ["plan", "add"], ["plan", "move"], ["plan", "show"],
            ["plan", "derive"], ["plan", "coverage"], ["celebrate", "win"], ["celebrate", "shortfall"],
            ["celebrate", "lesson"], ["celebrate", "recognize"], ["celebrate", "show"],
        ]
        for command in commands {
            let help = try cli.succeed(command + ["--help"])
            #expect(help.contains("Example") && help.contains("cuerda \(command.joined(separator: " "))"), "\(command): \(help)")
        }
    }

    @Test func areasDisputesAndRulingsFromTheBinary() throws {
        let office = try CLIOffice()
        let areas = try #require(try office.json("sara", ["area", "list"]) as? [[String: Any]])
        #expect(areas.compactMap { $0.string("slug") } == ["channel-strategy", "execution", "strategy"])
        #expect(areas.compactMap { $0.string("owner") } == ["marketing", "sales", "marketing"])
        #expect(try office.run("sara", ["area", "list"]).contains("default"))

        let digest = try office.cli.digest("luis.cuerda")
        try office.fail("luis", ["dispute", "raise", "--area", "pricing", "--title", "X"], code: 2, mentioning: ["pricing"])
        try office.fail("luis", ["area", "set", "pricing", "--owner", "sales"], code: 3, mentioning: ["leadership"])
        try office.fail(
            "luis", ["dispute", "raise", "--area", "strategy", "--title", "X", "--date", "2026-02-30"], code: 2,
            mentioning: ["not a date"])
        #expect(try office.cli.digest("luis.cuerda") == digest)

        let raised = try office.run(
            "luis", ["dispute", "raise", "--area", "channel-strategy", "--title", "Who picks partners?", "--date", "2026-03-02"])
        let id = try word(2, of: raised)
        try office.syncAll()
        try office.run("mateo", ["dispute", "position", id, "--text", "Channels are marketing's"])
        try office.run("sara", ["dispute", "position", id, "--text", "We meet partners weekly"])
        try office.fail("elena", ["dispute", "position", id, "--text", "Neutral"], code: 3)
        #expect(try office.run("sara", ["dispute", "escalate", id]).contains(id))
        try office.send("mateo", to: "elena")
        try office.send("sara", to: "elena")
        let escalated = try #require(try office.json("elena", ["dispute", "list", "--status", "escalated"]) as? [[String: Any]])
        #expect(escalated.count == 1 && escalated[0].string("title") == "Who picks partners?", "\(escalated)")
        #expect((try office.json("elena", ["dispute", "list", "--status", "open"]) as? [Any])?.isEmpty == true)
        try office.fail("elena", ["dispute", "list", "--status", "closed"], code: 2, mentioning: ["closed"])

        try office.fail(
            "sara", ["dispute", "rule", id, "--owner", "sales", "--text", "Ours"], code: 3, mentioning: ["leadership"])
        try office.fail("elena", ["dispute", "rule", id, "--owner", "finance", "--text", "X"], code: 2, mentioning: ["finance"])
        #expect(
            try office.run("elena", ["dispute", "rule", id, "--owner", "sales", "--text", "Sales picks", "--date", "2026-03-10"])
                .contains("owned by sales"))
        try office.syncAll()
        let shown = try #require(try office.json("luis", ["dispute", "show", id]) as? [String: Any])
        #expect(shown.string("status") == "ruled" && shown.string("raised_by") == "Luis", "\(shown)")
        #expect((shown["positions"] as? [[String: Any]])?.compactMap { $0.string("side") } == ["marketing", "sales"])
        let ruling = try #require(shown["ruling"] as? [String: Any])
        #expect(ruling.string("owner") == "sales" && ruling.string("ruled_on") == "2026-03-10")
        let text = try office.run("luis", ["dispute", "show", id])
        #expect(text.contains("Sales picks") && text.contains("We meet partners weekly"))
        let owners = try #require(try office.json("marta", ["area", "list"]) as? [[String: Any]])
        #expect(owners.first { $0.string("slug") == "channel-strategy" }?.string("owner") == "sales")
        #expect(try office.run("marta", ["dispute", "list"]).contains("ruled"))

        try office.run("elena", ["area", "set", "pricing", "--owner", "marketing", "--name", "Pricing"])
        #expect(try office.run("elena", ["area", "list"]).contains("Pricing"))

        // Prefixes: two disputes whose IDs start alike, written as raw rows.
        for raw in ["ab01", "ab02"] { try office.run("marta", ["put", "disputes", raw, "area=strategy", "title=\(raw)"]) }
        try office.fail("marta", ["dispute", "show", "ab0"], code: 2, mentioning: ["ambiguous"])
        try office.fail("marta", ["dispute", "escalate", "zzzz"], code: 2, mentioning: ["zzzz"])
        #expect((try office.json("marta", ["dispute", "show", "ab02"]) as? [String: Any])?.string("title") == "ab02")
    }

    @Test func plansCoverageAndCelebrationsFromTheBinary() throws {
        let office = try CLIOffice()
        func add(_ product: String, priority: Int) throws -> String {
            let line = try office.run(
                "marta",
                [
                    "plan", "add", "--period", "2026-Q1", "--priority", "\(priority)", "--product", product, "--channel",
                    "partners", "--segment", "retail", "--expect", "Demos for \(product)",
                ])
            return try word(3, of: line)
        }
        let (pro, lite, cloud) = (try add("Pro", priority: 1), try add("Lite", priority: 2), try add("Cloud", priority: 3))
        try office.fail(
            "luis",
            [
                "plan", "add", "--period", "2026-Q1", "--priority", "1", "--product", "X", "--channel", "c", "--segment", "s",
                "--expect", "e",
            ],
            code: 3, mentioning: ["marketing"])
        try office.fail(
            "marta",
            [
                "plan", "add", "--period", "2026-Q7", "--priority", "1", "--product", "X", "--channel", "c", "--segment", "s",
                "--expect", "e",
            ],
            code: 2, mentioning: ["2026-Q7"])
        #expect(try office.run("marta", ["plan", "move", cloud, "--to-top"]).contains("position 1 of 3"))
        try office.run("marta", ["plan", "move", pro, "--after", lite])
        try office.cli.usageError(["plan", "move", pro, "--to-top", "--after", lite, "--replica", "marta.cuerda"])
        let plan = try #require(try office.json("marta", ["plan", "show", "--period", "2026-Q1"]) as? [String: Any])
        let items = try #require(plan["items"] as? [[String: Any]])
        #expect(items.compactMap { $0.string("product") } == ["Cloud", "Lite", "Pro"], "\(plan)")

        try office.syncAll()
        try office.fail(
            "marta", ["plan", "derive", pro, "--account", "Acme", "--action", "Demo", "--owner", "Sara", "--due", "2026-03-31"],
            code: 3, mentioning: ["sales"])
        try office.fail(
            "luis", ["plan", "derive", pro, "--account", "Acme", "--action", "Demo", "--owner", "Sara", "--due", "2026-13-01"],
            code: 2, mentioning: ["not a date"])
        try office.fail(
            "luis", ["plan", "derive", pro, "--account", "Acme", "--action", "Demo", "--owner", "Zoe", "--due", "2026-03-31"],
            code: 2, mentioning: ["Zoe"])
        let derived = try office.run(
            "luis", ["plan", "derive", pro, "--account", "Acme", "--action", "Demo", "--owner", "sara", "--due", "2026-03-31"])
        #expect(derived.hasPrefix("Derived sales action") && derived.contains(pro))
        let coverage = try #require(try office.json("luis", ["plan", "coverage", "--period", "2026-Q1"]) as? [String: Any])
        #expect(coverage.int("total") == 3 && coverage.int("covered") == 1, "\(coverage)")
        let uncovered = (coverage["uncovered"] as? [[String: Any]])?.compactMap { $0.string("product") }
        #expect(uncovered == ["Cloud", "Lite"])
        let report = try office.run("luis", ["plan", "coverage", "--period", "2026-Q1"])
        #expect(report.hasPrefix("1 of 3") && report.contains("Cloud") && !report.contains("Pro"), "\(report)")
        let shown = try office.run("luis", ["plan", "show", "--period", "2026-Q1"])
        #expect(shown.contains("Acme: Demo (Sara, due 2026-03-31)"), "\(shown)")

        // Celebrations.
        try office.run("marta", ["celebrate", "win", "--quarter", "2026-Q1", "--text", "Acme signed"])
        try office.run("luis", ["celebrate", "shortfall", "--quarter", "2026-Q1", "--text", "Partners slow"])
        try office.run("elena", ["celebrate", "lesson", "--quarter", "2026-Q1", "--text", "Demo together"])
        let mixed = try office.run(
            "sara",
            ["celebrate", "recognize", "--quarter", "2026-Q1", "--group", "Acme team", "--member", "Mateo", "--member", "Sara"])
        #expect(!mixed.contains("warning"))
        let alone = try office.run(
            "sara",
            ["celebrate", "recognize", "--quarter", "2026-Q1", "--group", "Field", "--member", "Luis", "--member", "Ana@sales"])
        #expect(alone.contains("warning"))
        try office.fail(
            "sara", ["celebrate", "recognize", "--quarter", "2026-Q1", "--group", "G", "--member", "Nobody"], code: 2,
            mentioning: ["Nobody"])
        try office.fail("sara", ["celebrate", "win", "--quarter", "2026-03", "--text", "x"], code: 2, mentioning: ["quarter"])
        try office.syncAll()
        let party = try #require(try office.json("elena", ["celebrate", "show", "--quarter", "2026-Q1"]) as? [String: Any])
        #expect((party["wins"] as? [[String: Any]])?.compactMap { $0.string("text") } == ["Acme signed"])
        #expect((party["recognitions"] as? [Any])?.count == 2)
        #expect((party["warnings"] as? [String])?.count == 1, "\(party)")
        #expect(try office.run("elena", ["celebrate", "show", "--quarter", "2026-Q1"]).contains("warning: group 'Field'"))
    }
}

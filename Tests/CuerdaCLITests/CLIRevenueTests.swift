import Foundation
import Testing

/// Practices 3 and 5 through the built binary: `target`, `potential`, `quota`, `actual`,
/// `review` and `action`.
@Suite struct CLIRevenueTests {
    /// The minor units of a JSON money value, `{"currency": "EUR", "minorUnits": 125000}`.
    static func units(_ value: Any?) -> Int? { (value as? [String: Any])?.int("minorUnits") }

    /// A write prints exactly one line; returns its words.
    static func confirmation(_ out: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        #expect(
            out.hasSuffix("\n") && out.filter { $0 == "\n" }.count == 1, "not one line: \(out)", sourceLocation: sourceLocation)
        return out.split(separator: " ").map(String.init)
    }

    @Test func everyRevenueSubcommandHasHelpWithAnExample() throws {
        let cli = try CLIWorkdir()
        let commands = [
            ["target", "set"], ["target", "show"], ["potential", "set"], ["potential", "list"], ["potential", "import"],
            ["quota", "set"], ["quota", "split"], ["quota", "close-gap"], ["quota", "show"], ["actual", "record"],
            ["actual", "import"], ["actual", "list"], ["review", "show"], ["review", "note"], ["action", "add"],
            ["action", "update"], ["action", "list"],
        ]
        for command in commands {
            let help = try cli.succeed(command + ["--help"])
            #expect(help.contains("Example") && help.contains("cuerda \(command.joined(separator: " "))"), "\(command): \(help)")
        }
    }

    @Test func targetsQuotasActualsAndTheReviewFromTheBinary() throws {
        let office = try CLIOffice()
        let set = try office.run("marta", ["target", "set", "--period", "2026", "--amount", "12,000,000"])
        #expect(Self.confirmation(set).contains("12,000,000.00"), "\(set)")
        try office.run("marta", ["target", "set", "--period", "2026-q1", "--amount", "3,300,000", "--currency", "eur"])
        let targets = try #require(try office.json("marta", ["target", "show", "--period", "2026-H1"]) as? [String: Any])
        #expect(Self.units(targets["total"]) == 630_000_000, "\(targets)")
        let months = try #require(targets["months"] as? [[String: Any]])
        #expect(months.compactMap { $0.string("derivedFrom") } == ["2026-Q1", "2026-Q1", "2026-Q1", "2026", "2026", "2026"])
        let amounts: [Int] = months.compactMap { Self.units($0["amount"]) }
        #expect(amounts == [110_000_000, 110_000_000, 110_000_000, 100_000_000, 100_000_000, 100_000_000])
        try office.send("marta", to: "luis")

        try office.run("luis", ["potential", "set", "--period", "2026", "--group", "Retail", "--amount", "6,000,000"])
        try office.run(
            "luis", ["potential", "set", "--period", "2026", "--group", "Retail", "--customer", "Acme", "--amount", "2,000,000"])
        try office.run(
            "luis", ["potential", "set", "--period", "2026", "--group", "Retail", "--customer", "Bolt", "--amount", "1,000,000"])
        try office.cli.write(
            "potentials.csv", "period,customer_group,customer,amount\n2026,Wholesale,Zed,\"3,000,000\"\n2026,Online,,1000000\n")
        #expect(try office.run("luis", ["potential", "import", "potentials.csv"]).contains("Imported 2 potentials"))
        let potentials = try #require(try office.json("luis", ["potential", "list", "--period", "2026"]) as? [String: Any])
        let groups = try #require(potentials["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0.string("group") } == ["Online", "Retail", "Wholesale"])
        #expect(Self.units(potentials["total"]) == 1_000_000_000)

        let split = try office.run(
            "luis", ["quota", "split", "--period", "2026", "--total", "10,000,000", "--method", "potential"])
        #expect(Self.confirmation(split).joined(separator: " ").contains("gap 2,000,000.00 EUR"), "\(split)")
        try office.run("luis", ["quota", "split", "--period", "2026", "--group", "Retail", "--method", "potential"])
        try office.send("luis", to: "sara")
        let closed = try office.run("sara", ["quota", "close-gap", "--period", "2026", "--method", "even"])
        #expect(closed.contains("gap 0.00 EUR"), "\(closed)")
        let quotas = try #require(try office.json("sara", ["quota", "show", "--period", "2026"]) as? [String: Any])
        #expect(Self.units(quotas["gap"]) == 0 && Self.units(quotas["quota"]) == 1_200_000_000, "\(quotas)")
        let rows = try #require(quotas["groups"] as? [[String: Any]])
        #expect(rows.compactMap { Self.units($0["quota"]) }.reduce(0, +) == 1_200_000_000)
        #expect(rows.allSatisfy { $0.string("method") == "gap-even" }, "\(rows)")
        let retail = try #require(rows.first { $0.string("group") == "Retail" })
        let customers = try #require(retail["customers"] as? [[String: Any]])
        let allocated = customers.compactMap { Self.units($0["quota"]) }.reduce(0, +)
        #expect(allocated == 600_000_000, "Retail's quota from the first split, split across its customers")
        #expect(try office.run("sara", ["quota", "show", "--period", "2026"]).contains("gap 0.00 EUR"))

        try office.run("luis", ["actual", "record", "--month", "2026-03", "--group", "Retail", "--amount", "500,000"])
        try office.cli.write(
            "actuals.csv", "month,customer_group,amount\n2026-03,Online,\"400,000\"\n2026-02,Retail,\"1,200,000.50\"\n")
        #expect(try office.run("luis", ["actual", "import", "actuals.csv"]).contains("Imported 2 actuals"))
        let march = try #require(try office.json("luis", ["actual", "list", "--month", "2026-03"]) as? [[String: Any]])
        #expect(march.compactMap { $0.string("group") } == ["Online", "Retail"])

        let opened = Self.confirmation(
            try office.run(
                "sara",
                [
                    "action", "add", "--title", "Call back Retail leads", "--owner", "marta", "--due", "2026-03-15", "--source",
                    "review:2026-02",
                ]))
        let february = opened[3]
        let later = Self.confirmation(
            try office.run(
                "luis",
                [
                    "action", "add", "--title", "Fix the price list", "--owner", "Luis", "--due", "2026-04-30", "--opened",
                    "2026-03",
                ]))[3]
        try office.run("luis", ["action", "update", later, "--due", "2026-04-20"])
        try office.run("luis", ["review", "note", "--month", "2026-03", "--text", "Two Retail deals slipped"])
        try office.syncAll()

        let review = try #require(try office.json("elena", ["review", "show", "--month", "2026-03"]) as? [String: Any])
        let result = try #require(review["result"] as? [String: Any])
        #expect(Self.units(result["target"]) == 110_000_000 && Self.units(result["actual"]) == 90_000_000, "\(result)")
        #expect(Self.units(result["variance"]) == -20_000_000)
        #expect(abs((result.double("attainmentPercent") ?? 0) - 90.0 / 110.0 * 100) < 0.01, "\(result)")
        #expect(abs((result.double("variancePercent") ?? 0) + 20.0 / 110.0 * 100) < 0.01, "\(result)")
        let ytd = try #require(review["yearToDate"] as? [String: Any])
        #expect(Self.units(ytd["target"]) == 330_000_000 && Self.units(ytd["actual"]) == 210_000_050, "\(ytd)")
        #expect(review["commentaryRequired"] as? Bool == true)
        #expect(review["missingCommentary"] as? [String] == ["marketing"])
        let carried = try #require(review["carriedOver"] as? [[String: Any]])
        let current = try #require(review["openedThisMonth"] as? [[String: Any]])
        #expect(carried.compactMap { $0.string("id") }.map { $0.hasPrefix(february) } == [true], "\(carried)")
        #expect(current.compactMap { $0.string("due") } == ["2026-04-20"], "\(current)")
        let text = try office.run("elena", ["review", "show", "--month", "2026-03", "--threshold", "25"])
        #expect(text.contains("████████░░ 82%") && !text.contains("Commentary required"), "\(text)")
        #expect(text.range(of: february)!.lowerBound < text.range(of: later)!.lowerBound, "carried-over item first: \(text)")

        try office.run("marta", ["action", "update", february, "--status", "done"])
        let open = try #require(try office.json("marta", ["action", "list", "--status", "open"]) as? [[String: Any]])
        #expect(open.compactMap { $0.string("title") } == ["Fix the price list"])
        #expect((try office.json("marta", ["action", "list", "--owner", "MARTA"]) as? [Any])?.count == 1)
    }

    @Test func revenueErrorsExitCleanlyAndChangeNothing() throws {
        let office = try CLIOffice()
        try office.run("luis", ["potential", "set", "--period", "2026", "--group", "Retail", "--amount", "100"])
        let item = Self.confirmation(
            try office.run("luis", ["action", "add", "--title", "X", "--owner", "Sara", "--due", "2026-04-30"]))[3]
        let digests = try ["marta", "luis"].map { try office.cli.digest("\($0).cuerda") }

        try office.fail("luis", ["target", "set", "--period", "2026", "--amount", "100"], code: 3, mentioning: ["marketing"])
        try office.fail("mateo", ["target", "set", "--period", "2026", "--amount", "100"], code: 3, mentioning: ["lead"])
        try office.fail(
            "marta", ["target", "set", "--period", "2026", "--amount", "12abc"], code: 2, mentioning: ["'12abc' is not an amount"]
        )
        try office.fail("marta", ["target", "set", "--period", "2026", "--amount=-5"], code: 2, mentioning: ["negative"])
        try office.fail(
            "marta", ["target", "set", "--period", "2026-Q5", "--amount", "5"], code: 2, mentioning: ["'2026-Q5' is not a period"]
        )
        try office.fail("marta", ["target", "show", "--period", "26"], code: 2, mentioning: ["not a period"])
        try office.fail(
            "luis", ["potential", "set", "--period", "2026", "--group", "Retail", "--amount", "1.234"], code: 2,
            mentioning: ["decimals"])
        try office.fail(
            "luis", ["quota", "set", "--period", "2026", "--group", "Nope", "--amount", "5"], code: 2, mentioning: ["Nope"])
        try office.fail(
            "luis", ["quota", "split", "--period", "2026", "--total", "5", "--method", "random"], code: 2,
            mentioning: ["split method"])
        try office.fail(
            "marta", ["quota", "split", "--period", "2026", "--total", "5", "--method", "even"], code: 3, mentioning: ["sales"])
        try office.fail(
            "luis", ["quota", "close-gap", "--period", "2026", "--method", "even"], code: 2, mentioning: ["no target"])
        try office.fail(
            "luis", ["quota", "set", "--period", "2026", "--group", "Retail", "--amount", "5", "--currency", "USD"], code: 2,
            mentioning: ["EUR"])
        try office.fail("marta", ["actual", "record", "--month", "2026-03", "--group", "Retail", "--amount", "5"], code: 3)
        try office.fail(
            "luis", ["actual", "record", "--month", "2026-3", "--group", "Retail", "--amount", "5"], code: 2,
            mentioning: ["not a month"])
        try office.fail("luis", ["review", "show", "--month", "2026-13"], code: 2)
        try office.fail(
            "luis", ["action", "add", "--title", "Y", "--owner", "Nobody", "--due", "2026-04-30"], code: 2, mentioning: ["Nobody"]
        )
        try office.fail(
            "luis", ["action", "add", "--title", "Y", "--owner", "Sara", "--due", "2026-04-31"], code: 2,
            mentioning: ["not a date"])
        try office.fail("luis", ["action", "update", item, "--status", "finished"], code: 2, mentioning: ["finished"])
        try office.fail("luis", ["action", "update", "zzzz", "--status", "done"], code: 2, mentioning: ["zzzz"])
        try office.fail("luis", ["actual", "import", "missing.csv"], code: 5, mentioning: ["missing.csv"])

        try office.cli.write(
            "bad.csv",
            "month,customer_group,amount\n2026-01,Retail,100\n2026-02,Retail,\"1,000\"\n2026-03,Retail,x1\n2026-04,Retail,5\n")
        try office.fail("luis", ["actual", "import", "bad.csv"], code: 2, mentioning: ["line 4", "'x1'"])
        #expect((try office.json("luis", ["actual", "list"]) as? [Any])?.isEmpty == true, "nothing of the bad file applied")
        #expect(try ["marta", "luis"].map { try office.cli.digest("\($0).cuerda") } == digests, "refused commands wrote nothing")
    }
}

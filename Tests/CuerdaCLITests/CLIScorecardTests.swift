import Foundation
import Testing

/// Sealed scorecards (Architecture §5) driven through the built binary: grading, sealing,
/// sealed files between the sides, automatic reveal on import and sync, the report card,
/// and the phases that keep one side's grades from the other before its own seal.
@Suite struct CLIScorecardTests {
    // MARK: - 1. A whole cycle with files only

    @Test func filesOnlyExchangeRevealsOneReportCardOnBothSides() throws {
        let office = try CLIOffice()
        let (cycle, deadline) = Self.futureCycle
        let opened = try office.run("marta", ["cycle", "open", cycle, "--deadline", deadline])
        #expect(opened == "Opened cycle \(cycle), grading deadline \(deadline)\n", "\(opened)")
        let marketingTexts = ["Qualified leads every week", "Feedback on campaigns", "Forecasts by the 5th"]
        for text in marketingTexts { try office.run("marta", ["need", "add", text, "--cycle", cycle]) }

        // Between the sides, only sealed files travel: they carry the shared data too.
        try Self.sealedFile(office, from: "marta", to: "luis", team: "sales")
        let salesTexts = ["Collateral before every launch", "Pricing sheets that match the list"]
        for text in salesTexts { try office.run("luis", ["need", "add", text, "--cycle", cycle]) }
        try Self.sealedFile(office, from: "luis", to: "marta", team: "marketing")
        try office.send("marta", to: "mateo")
        try office.send("luis", to: "sara")

        let needs = try Self.needIDs(office, "marta", cycle: cycle)
        let (m, s) = (marketingTexts.map { needs[$0]! }, salesTexts.map { needs[$0]! })
        #expect(try Self.needIDs(office, "sara", cycle: cycle) == needs, "both sides see the same needs")

        // What the scenario writes. Marketing grades sales on marketing's needs, and predicts
        // its own grades on sales' needs; sales does the converse.
        let marketingGives = [m[0]: "A", m[1]: "B", m[2]: "C"]
        let salesGives = [s[0]: "C", s[1]: "F"]
        let marketingPredicts = [s[0]: "A", s[1]: "F"]
        let salesPredicts = [m[0]: "B"]

        // Mateo and Marta grade m[2] concurrently and disagree: sealing waits for the lead.
        try office.run("mateo", ["grade", "set", String(m[2].prefix(8)), "F", "--cycle", cycle])
        try office.run("marta", ["grade", "set", m[0], "a", "--cycle", cycle])
        try office.run("marta", ["grade", "set", m[1], "B", "--cycle", cycle, "--comment", "Late but useful"])
        try office.run("marta", ["grade", "set", m[2], "C", "--cycle", cycle])
        for (need, letter) in marketingPredicts {
            let out = try office.run("marta", ["grade", "set", need, letter, "--cycle", cycle, "--self"])
            #expect(out == "Graded need \(need.prefix(8)) \(letter) for \(cycle) (prediction, draft)\n", "\(out)")
        }
        try office.send("mateo", to: "marta")
        try office.fail("marta", ["scorecard", "seal", "--cycle", cycle], code: 3, mentioning: ["disagree", "reconcile"])
        try office.run("marta", ["grade", "reconcile", m[2], "C", "--cycle", cycle])

        let sealed = try office.run("marta", ["scorecard", "seal", "--cycle", cycle])
        #expect(sealed.hasPrefix("Sealed the marketing card for \(cycle): commitment "), "\(sealed)")
        #expect(!sealed.contains("Revealed"), "sales has not sealed and the deadline is ahead: \(sealed)")
        let first = try Self.sealedFile(office, from: "marta", to: "luis", team: "sales")
        #expect(!first.contains("Revealed"), "luis has not sealed: \(first)")

        try office.run("sara", ["grade", "set", s[1], salesGives[s[1]]!, "--cycle", cycle])
        try office.send("sara", to: "luis")
        try office.run("luis", ["grade", "set", s[0], salesGives[s[0]]!, "--cycle", cycle])
        for (need, letter) in salesPredicts {
            try office.run("luis", ["grade", "set", need, letter, "--cycle", cycle, "--self"])
        }
        let salesSealed = try office.run("luis", ["scorecard", "seal", "--cycle", cycle])
        #expect(salesSealed.hasPrefix("Sealed the sales card for \(cycle): commitment "), "\(salesSealed)")
        #expect(salesSealed.hasSuffix("Revealed the sales card for \(cycle)\n"), "marketing's seal is here: \(salesSealed)")

        let toMarketing = try Self.sealedFile(office, from: "luis", to: "marta", team: "marketing")
        #expect(toMarketing.contains("\nRevealed the marketing card for \(cycle)\n"), "\(toMarketing)")
        let back = try Self.sealedFile(office, from: "marta", to: "luis", team: "sales")
        #expect(!back.contains("Revealed"), "sales revealed already: \(back)")
        try office.send("marta", to: "mateo")
        try office.send("luis", to: "sara")

        // One report card, byte for byte, on every device of both sides.
        let reports = try ["marta", "luis", "mateo", "sara"].map {
            try office.run($0, ["scorecard", "report", "--cycle", cycle, "--json"])
        }
        #expect(Set(reports).count == 1, "\(reports)")
        let texts = try ["marta", "luis"].map { try office.run($0, ["scorecard", "report", "--cycle", cycle]) }
        #expect(texts[0] == texts[1], "\(texts)")
        #expect(texts[0].contains("(A=4 B=3 C=2 F=0)"), "\(texts[0])")
        for person in ["marta", "luis"] {
            let status = try Self.phases(office, person, cycle: cycle)
            #expect(status == ["marketing": "revealed", "sales": "revealed"], "\(person): \(status)")
        }

        let report = try #require(Self.parse(reports[0]) as? [String: Any])
        #expect(report.string("cycle") == cycle)
        #expect((report["points"] as? [String: Int]) == Self.points, "\(report)")
        let cards = try #require(report["cards"] as? [[String: Any]])
        try #require(cards.count == 2, "\(report)")
        let expected: [(grader: String, graded: String, ids: [String], gives: [String: String], predicted: [String: String])] = [
            ("marketing", "sales", m, marketingGives, salesPredicts), ("sales", "marketing", s, salesGives, marketingPredicts),
        ]
        var flagged: [String] = []
        var proposals: [String] = []
        var averages: [Double] = []
        for (card, want) in zip(cards, expected) {
            #expect(card.string("grader") == want.grader && card.string("graded") == want.graded, "\(card)")
            #expect(card.string("phase") == "revealed", "\(card)")
            let results = try #require(card["needs"] as? [[String: Any]])
            #expect(results.compactMap { $0.string("need") } == want.ids, "in the side's order: \(card)")
            for result in results {
                let id = try #require(result.string("need"))
                let letter = try #require(want.gives[id])
                let text = try #require(needs.first { $0.value == id }?.key)
                #expect(result.string("letter") == letter && result.int("points") == Self.points[letter], "\(result)")
                #expect(result.string("text") == text, "\(result)")
                #expect((result["trend"] as? [Any])?.isEmpty == true && result["wordingChanged"] as? Bool == false, "\(result)")
                if let predicted = want.predicted[id] {
                    let gap = Self.points[predicted]! - Self.points[letter]!
                    #expect(result.string("predicted") == predicted && result.int("perceptionGap") == gap, "\(result)")
                    #expect(result["gapFlagged"] as? Bool == (abs(gap) >= 1), "\(result)")
                    if abs(gap) >= 1 { flagged.append(text) }
                } else {
                    #expect(result["predicted"] == nil && result["perceptionGap"] == nil, "\(result)")
                    #expect(result["gapFlagged"] as? Bool == false, "\(result)")
                }
                if letter == "C" || letter == "F" { proposals.append("\(id)|\(want.graded)|\(letter)") }
            }
            let average = Double(want.ids.map { Self.points[want.gives[$0]!]! }.reduce(0, +)) / Double(want.ids.count)
            averages.append(average)
            #expect(abs((card.double("average") ?? -1) - average) < 0.005, "expected \(average): \(card)")
            #expect(texts[0].contains("average \(String(format: "%.2f", average))"), "\(texts[0])")
        }
        #expect(flagged.count == 2, "the scenario has one gap each way: \(flagged)")
        #expect(texts[0].contains("A !"), "the text marks the flagged prediction: \(texts[0])")

        let warnings = try #require(report["warnings"] as? [String])
        let gapWarnings = warnings.filter { $0.hasPrefix("perception gap: ") }
        #expect(gapWarnings.count == flagged.count, "\(warnings)")
        for text in flagged { #expect(gapWarnings.contains { $0.contains("'\(text)'") }, "\(text): \(warnings)") }
        #expect(
            warnings.contains { $0.contains("inflation") } == averages.allSatisfy { $0 >= 3.5 },
            "averages \(averages): \(warnings)")

        let actions = try #require(report["proposedActions"] as? [[String: Any]])
        let proposed = actions.map { "\($0.string("need") ?? "")|\($0.string("owner") ?? "")|\($0.string("letter") ?? "")" }
        #expect(proposed.sorted() == proposals.sorted(), "\(actions)")
        #expect(!proposals.isEmpty)
        for action in actions {
            let text = try #require(needs.first { $0.value == action.string("need") }?.key)
            #expect(action.string("title")?.contains(text) == true, "\(action)")
        }

        // The proposed actions become action items once, whoever runs `act` later.
        let due = "\(cycle.prefix(4))-09-30"
        let act = try office.run("marta", ["scorecard", "act", "--cycle", cycle, "--due", due])
        #expect(act.hasPrefix("Created \(proposals.count) action item(s)\n"), "\(act)")
        #expect(act.split(separator: "\n").count == proposals.count + 1, "\(act)")
        let again = try office.run("marta", ["scorecard", "act", "--cycle", cycle, "--due", due])
        #expect(again == "Created 0 action item(s)\n", "\(again)")
        let items = try #require(try office.json("marta", ["action", "list"]) as? [[String: Any]])
        let fromNeeds = items.filter { $0.string("source")?.hasPrefix("need:") == true }
        #expect(fromNeeds.count == proposals.count, "\(items)")
        #expect(
            fromNeeds.map { "\($0.string("source")!.dropFirst(5))|\($0.string("team") ?? "")" }.sorted()
                == proposals.map { String($0.split(separator: "|").prefix(2).joined(separator: "|")) }.sorted(), "\(items)")
        #expect(fromNeeds.allSatisfy { $0.string("due") == due && $0.string("status") == "open" }, "\(items)")
        try Self.sealedFile(office, from: "marta", to: "luis", team: "sales")
        #expect(try office.run("luis", ["scorecard", "act", "--cycle", cycle, "--due", due]) == "Created 0 action item(s)\n")
    }

    // MARK: - 2. Secrecy before one's own seal

    @Test func noPathShowsTheOtherSidesGradesBeforeItsOwnSeal() throws {
        let office = try CLIOffice()
        let (cycle, deadline) = Self.futureCycle
        let marker = "MKT-SECRET-\(UUID().uuidString.prefix(8))"
        try office.run("marta", ["cycle", "open", cycle, "--deadline", deadline])
        try office.run("marta", ["need", "add", "Qualified leads every week", "--cycle", cycle])
        try office.run("marta", ["need", "add", "Feedback on campaigns", "--cycle", cycle])
        try office.send("marta", to: "luis")
        try office.run("luis", ["need", "add", "Collateral before every launch", "--cycle", cycle])
        try office.syncAll()
        let needs = try Self.needIDs(office, "mateo", cycle: cycle)
        let (m0, m1, s0) = (
            needs["Qualified leads every week"]!, needs["Feedback on campaigns"]!, needs["Collateral before every launch"]!
        )
        let marketingGives = [m0: "B", m1: "F"]

        try office.run("mateo", ["grade", "set", m0, marketingGives[m0]!, "--cycle", cycle, "--comment", marker])
        try office.send("mateo", to: "marta")
        try office.run("marta", ["grade", "set", m1, marketingGives[m1]!, "--cycle", cycle, "--comment", marker + "-lead"])
        try office.run("marta", ["grade", "set", s0, "A", "--cycle", cycle, "--self"])
        try office.run("marta", ["scorecard", "seal", "--cycle", cycle])
        try office.send("marta", to: "mateo")
        let cardLines = marketingGives.map { "grade \($0.key) \($0.value)" } + ["self \(s0) A"]
        let secrets = [marker, "\ncycle \(cycle)\nside marketing\n"] + cardLines + marketingGives.keys.map { "grade \($0) " }

        // Every way data reaches sales: sealed files, plain bundles, a TCP sync.
        for person in ["luis", "sara"] { try Self.sealedFile(office, from: "marta", to: person, team: "sales") }
        try office.send("marta", to: "luis")
        try office.send("mateo", to: "sara")
        try office.send("marta", to: "elena")
        let server = try BackgroundServer(office.cli, ["--sessions", "1", "--replica", "marta.cuerda"])
        defer { server.stop() }
        let synced = try office.run("luis", ["sync", "127.0.0.1:\(server.port)"])
        #expect(synced.hasPrefix("Synced with ") && !synced.contains("Revealed"), "\(synced)")
        let served = server.finish(timeout: 30)
        #expect(served.status == 0 && !served.killed && served.stderr.isEmpty, "\(served)")
        #expect(!served.stdout.contains("Revealed"), "\(served)")
        try office.send("luis", to: "sara")

        // The marker and the card are where they belong, so the scan below can find them.
        for person in ["marta", "mateo"] {
            for secret in secrets {
                #expect(!Self.filesHolding(secret, office, person).isEmpty, "\(person)'s replica lacks '\(secret)'")
            }
        }

        for person in ["luis", "sara", "elena"] {
            let report = try #require(try office.json(person, ["scorecard", "report", "--cycle", cycle]) as? [String: Any])
            let cards = try #require(report["cards"] as? [[String: Any]])
            let marketing = try #require(cards.first { $0.string("grader") == "marketing" }, "\(report)")
            #expect(marketing.string("phase") == "sealed", "\(person): \(report)")
            #expect((marketing["needs"] as? [Any])?.isEmpty == true && marketing["average"] == nil, "\(person): \(report)")
            #expect((report["proposedActions"] as? [Any])?.isEmpty == true, "\(person): \(report)")
            #expect(try Self.phases(office, person, cycle: cycle) == ["marketing": "sealed", "sales": "drafting"])
            let text = try office.run(person, ["scorecard", "report", "--cycle", cycle])
            #expect(text.contains("Marketing grades sales: sealed, average -"), "\(person): \(text)")
            for secret in secrets + marketingGives.keys.map({ String($0.prefix(8)) }) {
                #expect(!text.contains(secret), "\(person)'s report shows '\(secret)': \(text)")
            }
            for table in ["marketing_grades", "marketing_sealed_cards", "reveals"] {
                let shown = try office.cli.run(["show", table, "--json", "--replica", "\(person).cuerda"])
                CLIWorkdir.expectNoCrash(shown)
                for secret in secrets { #expect(!shown.stdout.contains(secret), "\(person): show \(table): \(shown)") }
            }
        }
        for person in ["luis", "sara"] {
            let card = try #require(try office.json(person, ["grade", "list", "--cycle", cycle]) as? [String: Any])
            let grades = try #require(card["grades"] as? [[String: Any]])
            #expect(grades.compactMap { $0.string("need") } == [s0], "only sales' own needs: \(card)")
            #expect(grades.allSatisfy { $0["letter"] == nil && ($0["votes"] as? [Any])?.isEmpty == true }, "\(card)")
            #expect((card["selfGrades"] as? [Any])?.isEmpty == true, "\(card)")
            let text = try office.run(person, ["grade", "list", "--cycle", cycle])
            for id in marketingGives.keys { #expect(!text.contains(id.prefix(8)), "\(person): \(text)") }
            #expect(!text.contains(marker), "\(text)")
        }

        // Nor in any file of a sales or leadership device (bundles are compressed and sealed
        // files encrypted, so the replicas that imported them are what is scanned).
        for person in ["luis", "sara", "elena"] {
            for secret in secrets {
                let leaks = Self.filesHolding(secret, office, person)
                #expect(leaks.isEmpty, "'\(secret)' reached \(leaks)")
            }
        }
    }

    // MARK: - 3 and 4. A sealed card cannot change; a sealed file cannot be altered

    @Test func aSealedCardIsFinalAndAlteredSealedFilesChangeNothing() throws {
        let office = try CLIOffice()
        let (cycle, deadline) = Self.futureCycle
        try office.run("marta", ["cycle", "open", cycle, "--deadline", deadline])
        try office.run("marta", ["need", "add", "Qualified leads every week", "--cycle", cycle])
        try office.run("marta", ["need", "add", "Feedback on campaigns", "--cycle", cycle])
        try office.send("marta", to: "luis")
        try office.run("luis", ["need", "add", "Collateral before every launch", "--cycle", cycle])
        try office.send("luis", to: "marta")
        try office.send("marta", to: "mateo")
        let needs = try Self.needIDs(office, "marta", cycle: cycle)
        let (m0, m1, s0) = (
            needs["Qualified leads every week"]!, needs["Feedback on campaigns"]!, needs["Collateral before every launch"]!
        )

        // Sealing is refused until every need has one grade, and only a lead of a side seals.
        try office.fail("marta", ["scorecard", "seal", "--cycle", cycle], code: 3, mentioning: ["no grade yet"])
        try office.run("mateo", ["grade", "set", m0, "C", "--cycle", cycle])
        try office.run("marta", ["grade", "set", m0, "B", "--cycle", cycle])
        try office.run("marta", ["grade", "set", m1, "A", "--cycle", cycle])
        try office.send("mateo", to: "marta")
        try office.fail("marta", ["scorecard", "seal", "--cycle", cycle], code: 3, mentioning: ["disagree"])
        try office.fail("mateo", ["scorecard", "seal", "--cycle", cycle], code: 3, mentioning: ["lead"])
        try office.run("marta", ["grade", "reconcile", m0, "B", "--cycle", cycle])
        let sealed = try office.run("marta", ["scorecard", "seal", "--cycle", cycle])
        #expect(sealed.hasPrefix("Sealed the marketing card for \(cycle): commitment "), "\(sealed)")
        #expect(sealed.filter { $0 == "\n" }.count == 1, "\(sealed)")

        // After the seal, every change to the card is refused and writes nothing.
        let digest = try office.cli.digest("marta.cuerda")
        let refusals: [[String]] = [
            ["grade", "set", m0, "A", "--cycle", cycle], ["grade", "set", m1, "F", "--cycle", cycle, "--comment", "again"],
            ["grade", "reconcile", m0, "C", "--cycle", cycle], ["grade", "set", s0, "B", "--cycle", cycle, "--self"],
            ["scorecard", "seal", "--cycle", cycle],
        ]
        for arguments in refusals { try office.fail("marta", arguments, code: 3, mentioning: ["sealed"]) }
        #expect(try office.cli.digest("marta.cuerda") == digest)

        // Mateo, offline, grades after the seal; once he sees it, he is refused too.
        try office.run("mateo", ["grade", "set", m1, "C", "--cycle", cycle, "--comment", "written offline"])
        try office.send("marta", to: "mateo")
        let mateoDigest = try office.cli.digest("mateo.cuerda")
        try office.fail("mateo", ["grade", "set", m1, "F", "--cycle", cycle], code: 3, mentioning: ["sealed"])
        #expect(try office.cli.digest("mateo.cuerda") == mateoDigest)
        try office.send("mateo", to: "marta")

        // A real sealed file, then altered copies of it: each refused, nothing applied.
        let wrote = try office.run("marta", ["export", "--sealed", "--to", "sales", "--out", "card.sealed"])
        #expect(wrote.hasSuffix(" to card.sealed, sealed to 2 devices of sales\n"), "\(wrote)")
        let genuine = try #require(FileManager.default.contents(atPath: office.cli.path("card.sealed")))
        try #require(genuine.count > 300 + 64 + 64, "\(genuine.count) bytes")
        let before = try office.cli.digest("luis.cuerda")
        var random = SplitMix64(seed: 0x5EA1_CA4D)
        var offsets: [(String, Int)] = []
        for _ in 0..<8 { offsets.append(("header", Int.random(in: 0..<300, using: &random))) }
        for _ in 0..<6 { offsets.append(("body", Int.random(in: 300..<(genuine.count - 64), using: &random))) }
        for _ in 0..<4 { offsets.append(("signature", Int.random(in: (genuine.count - 64)..<genuine.count, using: &random))) }
        for (region, offset) in offsets {
            var bytes = genuine
            bytes[offset] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            try bytes.write(to: URL(fileURLWithPath: office.cli.path("altered.sealed")))
            let run = try office.cli.fail(["import", "altered.sealed", "--replica", "luis.cuerda"], code: 4)
            #expect(try office.cli.digest("luis.cuerda") == before, "\(region) byte \(offset): \(run)")
        }
        for length in [0, 8, 16, 200, genuine.count / 2, genuine.count - 64, genuine.count - 1] {
            try genuine.prefix(length).write(to: URL(fileURLWithPath: office.cli.path("cut.sealed")))
            let run = try office.cli.fail(["import", "cut.sealed", "--replica", "luis.cuerda"], code: 4)
            #expect(try office.cli.digest("luis.cuerda") == before, "cut at \(length): \(run)")
        }
        let mateoBefore = try office.cli.digest("mateo.cuerda")
        try office.fail("mateo", ["import", "card.sealed"], code: 4, mentioning: ["sealed to sales"])
        #expect(try office.cli.digest("mateo.cuerda") == mateoBefore)

        for arguments in [
            ["export", "--sealed", "--out", "x.sealed"], ["export", "--to", "sales", "--out", "x.sealed"],
            ["export", "--sealed", "--to", "sales", "--audience", "team:marketing", "--out", "x.sealed"],
        ] {
            try office.cli.usageError(arguments + ["--replica", "marta.cuerda"], mentioning: ["--to"])
        }
        try office.fail("marta", ["export", "--sealed", "--to", "nobody", "--out", "x.sealed"], code: 2, mentioning: ["nobody"])
        #expect(!FileManager.default.fileExists(atPath: office.cli.path("x.sealed")))

        // The genuine file still imports; the cycle completes with the letters as sealed.
        let imported = try office.run("luis", ["import", "card.sealed"])
        #expect(imported.hasPrefix("Imported card.sealed: ") && !imported.contains("Revealed"), "\(imported)")
        #expect(try office.cli.digest("luis.cuerda") != before, "the genuine file brings the seal")
        try office.run("luis", ["grade", "set", s0, "B", "--cycle", cycle])
        #expect(try office.run("luis", ["scorecard", "seal", "--cycle", cycle]).contains("Revealed the sales card for \(cycle)"))
        let revealed = try Self.sealedFile(office, from: "luis", to: "marta", team: "marketing")
        #expect(revealed.contains("Revealed the marketing card for \(cycle)"), "\(revealed)")
        try Self.sealedFile(office, from: "marta", to: "luis", team: "sales")
        let report = try #require(try office.json("luis", ["scorecard", "report", "--cycle", cycle]) as? [String: Any])
        let cards = try #require(report["cards"] as? [[String: Any]])
        let marketing = try #require(cards.first { $0.string("grader") == "marketing" }?["needs"] as? [[String: Any]])
        let letters = Dictionary(uniqueKeysWithValues: marketing.map { ($0.string("need") ?? "", $0.string("letter") ?? "") })
        #expect(letters == [m0: "B", m1: "A"], "the sealed letters, not the ones written after the seal: \(report)")
    }

    // MARK: - 5. The deadline

    /// After the deadline no card can be sealed any more (a late seal could follow a peek at
    /// the other side's revealed card), and a side that did not seal shows as "not graded",
    /// never as F. Revealing alone after the deadline needs time to pass: the library suite
    /// covers it with a manual clock (ScorecardTests).
    @Test func afterTheDeadlineNoCardIsSealedAndSilentSidesAreNotGraded() throws {
        let office = try CLIOffice()
        let (cycle, deadline) = ("2020-H1", "2020-06-30")
        try office.run("marta", ["cycle", "open", cycle, "--deadline", deadline])
        try office.run("marta", ["need", "add", "Qualified leads every week", "--cycle", cycle])
        try office.send("marta", to: "luis")
        try office.run("luis", ["need", "add", "Collateral before every launch", "--cycle", cycle])
        try office.send("luis", to: "marta")
        let needs = try Self.needIDs(office, "marta", cycle: cycle)
        try office.run("marta", ["grade", "set", needs["Qualified leads every week"]!, "C", "--cycle", cycle])
        #expect(try Self.phases(office, "marta", cycle: cycle) == ["marketing": "not graded", "sales": "not graded"])

        let digest = try office.cli.digest("marta.cuerda")
        try office.fail("marta", ["scorecard", "seal", "--cycle", cycle], code: 3, mentioning: ["deadline", deadline])
        #expect(try office.cli.digest("marta.cuerda") == digest, "a refused seal writes nothing")
        try office.fail(
            "luis", ["cycle", "open", cycle, "--deadline", "2020-06-01"], code: 3, mentioning: ["never earlier than \(deadline)"])

        try office.send("marta", to: "luis")
        try office.send("luis", to: "sara")
        let report = try #require(try office.json("sara", ["scorecard", "report", "--cycle", cycle]) as? [String: Any])
        let cards = try #require(report["cards"] as? [[String: Any]])
        #expect(cards.count == 2 && cards.allSatisfy { $0.string("phase") == "not graded" }, "\(report)")
        #expect(cards.allSatisfy { ($0["needs"] as? [Any])?.isEmpty == true && $0["average"] == nil }, "never F: \(report)")
        let warnings = try #require(report["warnings"] as? [String])
        #expect(
            warnings.contains { $0.hasPrefix("sales did not seal") }
                && warnings.contains { $0.hasPrefix("marketing did not seal") })
        #expect((report["proposedActions"] as? [Any])?.isEmpty == true, "\(report)")
        #expect(
            try office.run("sara", ["scorecard", "report", "--cycle", cycle, "--json"])
                == office.run("luis", ["scorecard", "report", "--cycle", cycle, "--json"]))
    }

    // MARK: - A reveal that fails

    /// Luis seals, then his laptop is restored from a backup and writes again, forking his
    /// feed. When marketing's seal arrives with his old branch, his device may no longer write,
    /// so the automatic reveal fails. The import itself succeeds, and says on stderr why the
    /// card was not revealed instead of failing silently.
    @Test func aRevealThatCannotBeWrittenWarnsAndTheImportStillSucceeds() throws {
        let office = try CLIOffice()
        let (cycle, deadline) = Self.futureCycle
        try office.run("marta", ["cycle", "open", cycle, "--deadline", deadline])
        try office.run("marta", ["need", "add", "Qualified leads", "--cycle", cycle])
        try office.send("marta", to: "luis")
        try office.run("luis", ["need", "add", "Collateral before launches", "--cycle", cycle])
        let needs = try Self.needIDs(office, "luis", cycle: cycle)
        try office.run("luis", ["grade", "set", needs["Collateral before launches"]!, "B", "--cycle", cycle])
        try office.run("luis", ["scorecard", "seal", "--cycle", cycle])

        // The backup; a write that reaches marketing; the restore; a different write.
        let files = FileManager.default
        for suffix in ["", ".key"] {
            try files.copyItem(atPath: office.cli.path("luis.cuerda" + suffix), toPath: office.cli.path("backup" + suffix))
        }
        try office.run("luis", ["need", "add", "Pricing sheets", "--cycle", cycle])
        try office.send("luis", to: "marta")
        for suffix in ["", ".key"] {
            try files.removeItem(atPath: office.cli.path("luis.cuerda" + suffix))
            try files.copyItem(atPath: office.cli.path("backup" + suffix), toPath: office.cli.path("luis.cuerda" + suffix))
        }
        try office.run("luis", ["need", "add", "Samples for demos", "--cycle", cycle])

        try office.run("marta", ["grade", "set", needs["Qualified leads"]!, "A", "--cycle", cycle])
        let sealed = try office.run("marta", ["scorecard", "seal", "--cycle", cycle])
        #expect(sealed.contains("Revealed the marketing card"), "sales sealed first: \(sealed)")
        try office.cli.succeed(["export", "--audience", "all", "--out", "to-luis.bundle", "--replica", "marta.cuerda"])
        let run = try office.cli.run(["import", "to-luis.bundle", "--replica", "luis.cuerda"])
        CLIWorkdir.expectNoCrash(run)
        #expect(run.status == 0, "the import itself worked: \(run)")
        #expect(run.stdout.contains("forks 1") && !run.stdout.contains("Revealed"), "\(run)")
        #expect(run.stderr.hasPrefix("cuerda: warning: the sales card could not be revealed: "), "\(run)")
        #expect(run.stderr.contains("fork") && run.stderr.split(separator: "\n").count == 1, "\(run)")
        #expect(try Self.phases(office, "luis", cycle: cycle)["sales"] == "sealed", "nothing revealed")
    }

    // MARK: - Help

    static let helpPages = [
        "scorecard seal", "scorecard status", "scorecard report", "scorecard act", "grade set", "grade reconcile",
        "grade list", "cycle open", "cycle list", "need add", "need reword", "need retire", "need list",
    ]

    @Test func scorecardCommandsHaveHelpWithAnExample() throws {
        let cli = try CLIWorkdir()
        for page in Self.helpPages {
            let words = page.split(separator: " ").map(String.init)
            for arguments in [words + ["--help"], ["help"] + words] {
                let run = try cli.run(arguments)
                CLIWorkdir.expectNoCrash(run)
                #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
                #expect(run.stdout.contains("USAGE: cuerda \(page)"), "\(run)")
                #expect(run.stdout.contains("Example"), "\(run)")
                #expect(run.stdout.contains("  cuerda \(page) "), "the example should show the command in use: \(run)")
                #expect(run.stdout.contains("--replica"), "\(run)")
            }
        }
        let root = try cli.run(["--help"])
        for group in ["scorecard", "cycle", "need", "grade"] {
            #expect(root.stdout.contains("\n  \(group) "), "\(group) missing from the help: \(root)")
            let run = try cli.run([group, "--help"])
            #expect(run.status == 0, "\(run)")
            for page in Self.helpPages where page.hasPrefix(group + " ") {
                #expect(run.stdout.contains("\n  \(page.dropFirst(group.count + 1)) "), "\(page): \(run)")
            }
        }
        let grade = try cli.run(["grade", "set", "--help"])
        #expect(grade.stdout.contains("--self"), "\(grade)")
        let export = try cli.run(["export", "--help"])
        #expect(export.stdout.contains("cuerda export --sealed --to "), "\(export)")
    }

    // MARK: - Helpers

    static let points = ["A": 4, "B": 3, "C": 2, "F": 0]

    /// A cycle whose deadline is years ahead of the clock, so that nothing reveals by date.
    static var futureCycle: (cycle: String, deadline: String) {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) + 3
        return ("\(year)-H1", "\(year)-06-30")
    }

    /// Exports a file sealed to `team` from `from` and imports it as `to`; returns the import's
    /// output.
    @discardableResult
    static func sealedFile(
        _ office: CLIOffice, from: String, to: String, team: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let file = "\(from)-for-\(to).sealed"
        let wrote = try office.run(from, ["export", "--sealed", "--to", team, "--out", file], sourceLocation: sourceLocation)
        #expect(wrote.contains(", sealed to "), "\(wrote)", sourceLocation: sourceLocation)
        #expect(
            FileManager.default.contents(atPath: office.cli.path(file))?.starts(with: [0x89, 0x43, 0x55, 0x45]) == true,
            "\(file) is not a sealed file", sourceLocation: sourceLocation)
        let out = try office.run(to, ["import", file], sourceLocation: sourceLocation)
        #expect(out.hasPrefix("Imported \(file): received "), "\(out)", sourceLocation: sourceLocation)
        return out
    }

    /// The needs of a cycle as PERSON sees them: text → ID.
    static func needIDs(_ office: CLIOffice, _ person: String, cycle: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [String: String]
    {
        let list = try #require(
            try office.json(person, ["need", "list", "--cycle", cycle], sourceLocation: sourceLocation) as? [[String: Any]],
            sourceLocation: sourceLocation)
        return Dictionary(
            uniqueKeysWithValues: list.compactMap { need in need.string("text").map { ($0, need.string("id") ?? "") } })
    }

    /// Each side's phase, from `scorecard status --json`.
    static func phases(_ office: CLIOffice, _ person: String, cycle: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [String: String]
    {
        let status = try #require(
            try office.json(person, ["scorecard", "status", "--cycle", cycle], sourceLocation: sourceLocation) as? [String: Any],
            sourceLocation: sourceLocation)
        #expect(status.string("cycle") == cycle, "\(status)", sourceLocation: sourceLocation)
        // `[Team: CardPhase]` encodes as a flat array of alternating keys and values.
        if let pairs = status["phases"] as? [String], pairs.count % 2 == 0 {
            return Dictionary(uniqueKeysWithValues: stride(from: 0, to: pairs.count, by: 2).map { (pairs[$0], pairs[$0 + 1]) })
        }
        return try #require(status["phases"] as? [String: String], "\(status)", sourceLocation: sourceLocation)
    }

    static func parse(_ json: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(json.utf8))
    }

    /// The files of PERSON's replica (database, journal, key) whose bytes hold `text`.
    static func filesHolding(_ text: String, _ office: CLIOffice, _ person: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: office.cli.dir.path)) ?? []
        return names.filter { $0.hasPrefix("\(person).cuerda") }.filter { name in
            (FileManager.default.contents(atPath: office.cli.path(name)) ?? Data()).range(of: Data(text.utf8)) != nil
        }
    }
}

/// A small seeded generator: the altered offsets are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E229
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import CuerdaTestSupport
import Foundation
import Testing

/// The six practices end to end through the built binary: marketing and two sales replicas
/// (and the leadership one) edit offline, exchange bundles in a scrambled order, and end with
/// equal digests and byte-identical reports; the same edits exchanged in another order end in
/// the same state.
@Suite struct CLIPracticesScenarioTests {
    static let period = "2026"
    static let quarter = "2026-Q1"
    static let month = "2026-02"
    static let cycle = "2026-H1"
    static let groups = ["Online", "Retail", "Wholesale"]

    /// Money as the CLI reads it, from minor units: `1234567.05`.
    static func amount(_ units: Int) -> String { "\(units / 100).\(String(format: "%02d", units % 100))" }

    /// The minor units of a JSON money value, `{"currency": "EUR", "minorUnits": 125000}`.
    static func units(_ value: Any?) -> Int? { (value as? [String: Any])?.int("minorUnits") }

    /// The word at `index` of a one-line confirmation (a new record's short ID).
    static func word(_ index: Int, of line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let words = line.split(separator: " ")
        try #require(words.count > index, "\(line)", sourceLocation: sourceLocation)
        return String(words[index])
    }

    /// The documented largest-remainder split: floors of the exact shares, the units left over
    /// one each to the largest remainders, ties to the earlier part; equal parts if every
    /// weight is zero.
    static func largestRemainder(_ total: Int, _ weights: [Int]) -> [Int] {
        let weights = weights.allSatisfy { $0 == 0 } ? weights.map { _ in 1 } : weights
        let sum = weights.reduce(0, +)
        var parts = weights.map { total * $0 / sum }
        let remainders = weights.map { total * $0 % sum }
        let left = total - parts.reduce(0, +)
        let order = remainders.indices.sorted { (-remainders[$0], $0) < (-remainders[$1], $1) }
        for index in order.prefix(left) { parts[index] += 1 }
        return parts
    }

    /// A scrambled partial exchange: some pairs, some of them twice, in random order.
    static func scrambledExchange(_ rng: inout SeededGenerator) -> [(String, String)] {
        let people = CLIOffice.people
        let pairs = people.flatMap { from in people.filter { $0 != from }.map { (from, $0) } }.shuffled(using: &rng)
        var order = Array(pairs.prefix(Int.random(in: 9...14, using: &rng)))
        for _ in 0..<4 {
            let again = order[Int.random(in: 0..<order.count, using: &rng)]
            order.insert(again, at: Int.random(in: order.count / 2...order.count, using: &rng))
        }
        return order
    }

    /// Every replica's stdout for ARGS, by person.
    static func outputs(_ office: CLIOffice, _ people: [String], _ arguments: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for person in people { result[person] = try office.run(person, arguments) }
        return result
    }

    static func parse(_ text: String?) -> Any? {
        text.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) }
    }

    @Test func marketingAndTwoSalesReplicasEditOfflineExchangeAndConverge() throws {
        let seed = SeededGenerator.seeds(1, salt: 0x5CE7_A210)[0]
        var rng = SeededGenerator(seed: seed)
        let tag = "seed \(seed) (replay with CUERDA_SEED=\(seed))"
        let office = try CLIOffice()
        let (period, quarter, month, cycle) = (Self.period, Self.quarter, Self.month, Self.cycle)

        // Earlier, online: a dispute raised, positions taken and escalated; a cycle opened; an
        // action item agreed. Every author then sends to everyone once.
        let dispute = try Self.word(
            2,
            of: try office.run(
                "luis",
                ["dispute", "raise", "--area", "channel-strategy", "--title", "Who picks the partners?", "--date", "2026-01-12"]))
        try office.run("luis", ["cycle", "open", cycle, "--deadline", "2027-06-30"])
        let agreed = try Self.word(
            3,
            of: try office.run(
                "luis",
                [
                    "action", "add", "--title", "Refresh the partner deck", "--owner", "Marta", "--due", "2026-03-15", "--source",
                    "review:\(month)",
                ]))
        try office.send("luis", to: "mateo")
        try office.send("luis", to: "sara")
        try office.run("mateo", ["dispute", "position", dispute, "--text", "Channels are marketing's"])
        try office.run("sara", ["dispute", "position", dispute, "--text", "We meet the partners every week"])
        try office.run("sara", ["dispute", "escalate", dispute])
        for from in CLIOffice.people {
            for to in CLIOffice.people where to != from { try office.send(from, to: to) }
        }

        // Phase 1, offline. Marta sets the year's target, writes the quarter's plan and her
        // side's needs, and hands them once to Mateo, Luis and Sara (the field rep's laptop).
        let target = Int.random(in: 1_000_000_000...2_000_000_000, using: &rng)
        try office.run("marta", ["target", "set", "--period", period, "--amount", Self.amount(target)])
        let products = ["Cuerda Pro", "Cuerda Lite", "Cuerda Cloud", "Cuerda Edge", "Cuerda Field"].shuffled(using: &rng)
        var items: [String] = []
        for (index, product) in products.enumerated() {
            let line = try office.run(
                "marta",
                [
                    "plan", "add", "--period", quarter, "--priority", "\(index + 1)", "--product", product, "--channel",
                    ["partners", "direct", "online"][index % 3], "--segment", "mid-size retail", "--expect",
                    "Two demos of \(product) per region",
                ])
            items.append(try Self.word(3, of: line))
        }
        let marketingNeeds = try ["Qualified leads every week", "Feedback on every campaign"].map {
            try Self.word(2, of: try office.run("marta", ["need", "add", $0, "--cycle", cycle]))
        }
        for person in ["mateo", "luis", "sara"] { try office.send("marta", to: person) }

        // Marta: the quarter's target, one move, her side's note and a draft grade.
        let q1 = Int.random(in: 250_000_000...400_000_000, using: &rng)
        try office.run("marta", ["target", "set", "--period", quarter, "--amount", Self.amount(q1)])
        try office.run("marta", ["plan", "move", items[3], "--before", items[1]])
        try office.run("marta", ["action", "update", agreed, "--status", "done"])
        let marketingNote = "Campaign launch moved to March"
        try office.run("marta", ["review", "note", "--month", month, "--text", marketingNote])
        let marker = "MKT-DRAFT-\(seed % 10_000)"
        try office.run("marta", ["grade", "set", marketingNeeds[0], "B", "--cycle", cycle, "--comment", marker])
        let win = "Retail North signed for \(products[0])"
        try office.run("marta", ["celebrate", "win", "--quarter", quarter, "--text", win])

        // Mateo, concurrently: moves another item, grades his side's needs (one against Marta's
        // letter) and revises marketing's position while Elena rules.
        try office.run("mateo", ["plan", "move", items[0], "--to-bottom"])
        try office.run("mateo", ["grade", "set", marketingNeeds[0], "C", "--cycle", cycle])
        try office.run("mateo", ["grade", "set", marketingNeeds[1], "A", "--cycle", cycle])
        let marketingPosition = "Partners are a channel: marketing picks them"
        try office.run("mateo", ["dispute", "position", dispute, "--text", marketingPosition])

        // Luis: potentials, the quota split by potential and the gap closed; a derived sales
        // action, his side's needs and grades, a note.
        var luisPotential: [String: Int] = [:]
        for group in Self.groups {
            luisPotential[group] = Int.random(in: 100_000_000...900_000_000, using: &rng)
            try office.run(
                "luis",
                ["potential", "set", "--period", period, "--group", group, "--amount", Self.amount(luisPotential[group]!)])
        }
        let luisCustomers = [
            "Acme": Int.random(in: 1_000_000...400_000_000, using: &rng), "Bolt": Int.random(in: 1...400_000_000, using: &rng),
        ]
        for (customer, units) in luisCustomers.sorted(by: { $0.key < $1.key }) {
            try office.run(
                "luis",
                [
                    "potential", "set", "--period", period, "--group", "Retail", "--customer", customer, "--amount",
                    Self.amount(units),
                ])
        }
        let split = target - Int.random(in: 1...target / 4, using: &rng)
        try office.run("luis", ["quota", "split", "--period", period, "--total", Self.amount(split), "--method", "potential"])
        try office.run("luis", ["quota", "split", "--period", period, "--group", "Retail", "--method", "potential"])
        let closed = try office.run("luis", ["quota", "close-gap", "--period", period, "--method", "potential"])
        #expect(closed.contains("gap 0.00 EUR"), "\(closed) — \(tag)")
        let luisDerived = Int.random(in: 0..<5, using: &rng)
        try office.run(
            "luis",
            [
                "plan", "derive", items[luisDerived], "--account", "Retail North", "--action", "Partner demo", "--owner", "Luis",
                "--due", "2026-03-31",
            ])
        let salesNeeds = try ["Campaigns announced a month ahead", "Leads scored before hand-off"].map {
            try Self.word(2, of: try office.run("luis", ["need", "add", $0, "--cycle", cycle]))
        }
        try office.run("luis", ["grade", "set", salesNeeds[0], "A", "--cycle", cycle])
        try office.run("luis", ["grade", "set", salesNeeds[1], "F", "--cycle", cycle, "--comment", "Scoring not started"])
        let luisNote = "Two Retail deals slipped to March"
        try office.run("luis", ["review", "note", "--month", month, "--text", luisNote])
        try office.run("luis", ["celebrate", "shortfall", "--quarter", quarter, "--text", "Online under plan"])

        // Sara, the field rep, offline since Marta's plan reached her: actuals for two months,
        // potentials of her customers (one Luis also sized), sales actions, an action item, a
        // due date moved while Marta closes the same item, a note and a mixed group.
        var actuals: [String: [String: Int]] = [:]
        for recorded in ["2026-01", month] {
            for group in Self.groups {
                let units = Int.random(in: 10_000_000...150_000_000, using: &rng)
                actuals[recorded, default: [:]][group] = units
                try office.run(
                    "sara", ["actual", "record", "--month", recorded, "--group", group, "--amount", Self.amount(units)])
            }
        }
        let saraCustomers = [
            ("Wholesale", "Zed", Int.random(in: 1_000_000...300_000_000, using: &rng)),
            ("Wholesale", "Yak", Int.random(in: 1_000_000...300_000_000, using: &rng)),
            ("Retail", "Acme", Int.random(in: 1_000_000...300_000_000, using: &rng)),
        ]
        for (group, customer, units) in saraCustomers {
            try office.run(
                "sara",
                [
                    "potential", "set", "--period", period, "--group", group, "--customer", customer, "--amount",
                    Self.amount(units),
                ])
        }
        let saraDerived = Array(items.indices.shuffled(using: &rng).prefix(2))
        for (index, item) in saraDerived.enumerated() {
            try office.run(
                "sara",
                [
                    "plan", "derive", items[item], "--account", ["Zed Foods", "Yak Retail"][index], "--action",
                    "Field visit \(index + 1)",
                    "--owner", "Sara", "--due", "2026-03-2\(index)",
                ])
        }
        let saraItem = try Self.word(
            3,
            of: try office.run(
                "sara",
                [
                    "action", "add", "--title", "Send the Zed case study", "--owner", "mateo", "--due", "2026-03-20", "--source",
                    "review:\(month)",
                ]))
        try office.run("sara", ["action", "update", agreed, "--due", "2026-04-30"])
        let saraNote = "Wholesale ahead thanks to the Zed order"
        try office.run("sara", ["review", "note", "--month", month, "--text", saraNote])
        let recognized = try office.run(
            "sara",
            [
                "celebrate", "recognize", "--quarter", quarter, "--group", "Zed deal", "--member", "Mateo", "--member", "Sara",
                "--member", "Luis", "--text", "Closed the Zed pilot together",
            ])
        #expect(!recognized.contains("warning"), "\(recognized)")

        // Elena rules the dispute raised earlier, and records a lesson.
        try office.run(
            "elena", ["dispute", "rule", dispute, "--owner", "sales", "--text", "Sales picks partners", "--date", "2026-02-10"])
        let lesson = "Demos land better with a rep in the room"
        try office.run("elena", ["celebrate", "lesson", "--quarter", quarter, "--text", lesson])

        // Before any exchange: a copy of the five replicas, to replay the exchange in another order.
        let replay = try CLIOffice(copyingReplicasOf: office)

        // Phase 2: bundles in a scrambled order, then everyone syncs.
        let exchange = Self.scrambledExchange(&rng)
        for (from, to) in exchange { try office.send(from, to: to) }
        try office.syncAll()
        let order = exchange.map { "\($0.0)→\($0.1)" }.joined(separator: " ")

        // Phase 3: equal digests and byte-identical reports.
        let people = CLIOffice.people
        let shared = try Self.outputs(office, people, ["digest", "--audience", "all"])
        #expect(Set(shared.values).count == 1, "shared digests differ after \(order): \(shared) — \(tag)")
        let marketingDigest = try Self.outputs(office, ["marta", "mateo"], ["digest"])
        let salesDigest = try Self.outputs(office, ["luis", "sara"], ["digest"])
        #expect(Set(marketingDigest.values).count == 1, "\(marketingDigest) — \(tag)")
        #expect(Set(salesDigest.values).count == 1, "\(salesDigest) — \(tag)")
        #expect(marketingDigest["marta"] != salesDigest["luis"], "team-private data differs between the teams")

        let reports: [[String]] = [
            ["target", "show", "--json"], ["quota", "show", "--period", period, "--json"],
            ["potential", "list", "--period", period, "--json"], ["review", "show", "--month", month, "--json"],
            ["action", "list", "--json"], ["plan", "show", "--period", quarter, "--json"],
            ["plan", "coverage", "--period", quarter, "--json"], ["area", "list", "--json"], ["dispute", "list", "--json"],
            ["celebrate", "show", "--quarter", quarter, "--json"], ["cycle", "list", "--json"],
            ["need", "list", "--cycle", cycle, "--json"], ["review", "show", "--month", month],
            ["plan", "show", "--period", quarter],
        ]
        var printed: [String: String] = [:]
        for report in reports {
            let outputs = try Self.outputs(office, people, report)
            let name = report.joined(separator: " ")
            #expect(Set(outputs.values).count == 1, "`\(name)` differs between replicas: \(outputs) — \(tag)")
            printed[name] = outputs["elena"]
        }
        for team in [["marta", "mateo"], ["luis", "sara"]] {
            let cards = try Self.outputs(office, team, ["grade", "list", "--cycle", cycle, "--json"])
            #expect(Set(cards.values).count == 1, "`grade list` differs within \(team): \(cards) — \(tag)")
            printed["grade list \(team[0])"] = cards[team[0]]
        }

        // Semantics, against values computed here.
        let quota = try #require(Self.parse(printed["quota show --period \(period) --json"]) as? [String: Any])
        let quotaGroups = try #require(quota["groups"] as? [[String: Any]])
        #expect(Self.units(quota["target"]) == target && Self.units(quota["gap"]) == 0, "\(quota) — \(tag)")
        #expect(quotaGroups.compactMap { Self.units($0["quota"]) }.reduce(0, +) == target, "\(quota) — \(tag)")
        let weights = Self.groups.map { luisPotential[$0]! }
        let first = Self.largestRemainder(split, weights)
        let expected = zip(first, Self.largestRemainder(target - split, weights)).map(+)
        #expect(quotaGroups.compactMap { $0.string("group") } == Self.groups, "\(quota)")
        #expect(quotaGroups.compactMap { Self.units($0["quota"]) } == expected, "\(quota) — \(tag)")
        #expect(quotaGroups.allSatisfy { $0.string("method") == "gap-potential" }, "\(quota)")
        let retail = try #require(quotaGroups.first { $0.string("group") == "Retail" })
        let customerQuotas = (retail["customers"] as? [[String: Any]] ?? []).filter { $0["quota"] as? [String: Any] != nil }
        #expect(customerQuotas.compactMap { $0.string("customer") } == ["Acme", "Bolt"], "\(retail)")
        #expect(
            customerQuotas.compactMap { Self.units($0["quota"]) }
                == Self.largestRemainder(first[1], [luisCustomers["Acme"]!, luisCustomers["Bolt"]!]),
            "Retail's first quota split by the potentials Luis saw: \(retail) — \(tag)")

        let potentials = try #require(Self.parse(printed["potential list --period \(period) --json"]) as? [String: Any])
        let potentialGroups = try #require(potentials["groups"] as? [[String: Any]])
        #expect(potentialGroups.compactMap { Self.units($0["potential"]) } == weights, "\(potentials) — \(tag)")
        let wholesale = (potentialGroups.last?["customers"] as? [[String: Any]]) ?? []
        #expect(wholesale.compactMap { $0.string("customer") } == ["Yak", "Zed"], "\(potentials)")
        #expect(wholesale.compactMap { Self.units($0["potential"]) } == [saraCustomers[1].2, saraCustomers[0].2])
        let retailPotentials = potentialGroups.first { $0.string("group") == "Retail" }
        let acme = (retailPotentials?["customers"] as? [[String: Any]])?.first { $0.string("customer") == "Acme" }
        #expect(
            [luisCustomers["Acme"]!, saraCustomers[2].2].contains(Self.units(acme?["potential"]) ?? -1),
            "Acme's potential is one of the two written offline: \(potentials) — \(tag)")

        let review = try #require(Self.parse(printed["review show --month \(month) --json"]) as? [String: Any])
        let result = try #require(review["result"] as? [String: Any])
        let monthly = Self.largestRemainder(q1, [1, 1, 1])
        let february = actuals[month]!.values.reduce(0, +)
        #expect(Self.units(result["target"]) == monthly[1] && Self.units(result["actual"]) == february, "\(result) — \(tag)")
        #expect(Self.units(result["variance"]) == february - monthly[1], "\(result)")
        #expect(review.string("targetFrom") == quarter, "\(review)")
        let yearToDate = try #require(review["yearToDate"] as? [String: Any])
        #expect(Self.units(yearToDate["target"]) == monthly[0] + monthly[1], "\(yearToDate) — \(tag)")
        #expect(Self.units(yearToDate["actual"]) == february + actuals["2026-01"]!.values.reduce(0, +), "\(yearToDate)")
        let notes = (review["notes"] as? [[String: Any]]) ?? []
        #expect(notes.first { $0.string("side") == "marketing" }?.string("note") == marketingNote, "\(notes)")
        let salesNote = notes.first { $0.string("side") == "sales" }?.string("note") ?? ""
        #expect([luisNote, saraNote].contains(salesNote), "one of the two sales notes written offline: \(notes)")
        #expect((review["missingCommentary"] as? [Any])?.isEmpty == true, "\(review)")

        let actions = try #require(Self.parse(printed["action list --json"]) as? [[String: Any]])
        let both = try #require(actions.first { $0.string("id")?.hasPrefix(agreed) == true }, "\(actions)")
        #expect(both.string("status") == "done" && both.string("due") == "2026-04-30", "both offline updates kept: \(both)")
        let sent = try #require(actions.first { $0.string("id")?.hasPrefix(saraItem) == true }, "\(actions)")
        #expect(sent.string("owner") == "Mateo" && sent.string("team") == "marketing", "\(sent)")

        let plan = try #require(Self.parse(printed["plan show --period \(quarter) --json"]) as? [String: Any])
        let planItems = try #require(plan["items"] as? [[String: Any]])
        var moved = items
        moved.remove(at: 3)
        moved.insert(items[3], at: 1)  // Marta: the fourth item before the second.
        moved.append(moved.removeFirst())  // Mateo: the first item to the bottom.
        let shown = planItems.compactMap { $0.string("id") }
        #expect(
            shown.count == moved.count && zip(shown, moved).allSatisfy { $0.hasPrefix($1) },
            "both concurrent moves kept: \(planItems.compactMap { $0.string("product") }) — \(tag)")
        let derived = Set(saraDerived + [luisDerived]).map { items[$0] }
        for item in planItems {
            let id = item.string("id") ?? ""
            let count = (item["actions"] as? [Any])?.count ?? 0
            #expect(
                count == saraDerived.filter { id.hasPrefix(items[$0]) }.count + (id.hasPrefix(items[luisDerived]) ? 1 : 0),
                "\(item)")
        }
        let coverage = try #require(Self.parse(printed["plan coverage --period \(quarter) --json"]) as? [String: Any])
        let uncovered = (coverage["uncovered"] as? [[String: Any]] ?? []).compactMap { $0.string("id") }
        let expectedUncovered = moved.filter { id in !derived.contains(id) }
        #expect(coverage.int("total") == 5 && coverage.int("covered") == derived.count, "\(coverage) — \(tag)")
        #expect(
            uncovered.count == expectedUncovered.count && zip(uncovered, expectedUncovered).allSatisfy { $0.hasPrefix($1) },
            "coverage lists exactly the items without a sales action, in plan order: \(coverage) — \(tag)")

        let areas = try #require(Self.parse(printed["area list --json"]) as? [[String: Any]])
        #expect(areas.first { $0.string("slug") == "channel-strategy" }?.string("owner") == "sales", "\(areas)")
        let disputes = try #require(Self.parse(printed["dispute list --json"]) as? [[String: Any]])
        #expect(disputes.count == 1 && disputes.first?.string("status") == "ruled", "\(disputes)")
        let shownDispute = try #require(try office.json("luis", ["dispute", "show", dispute]) as? [String: Any])
        let positions = (shownDispute["positions"] as? [[String: Any]]) ?? []
        #expect(positions.first { $0.string("side") == "marketing" }?.string("text") == marketingPosition, "\(shownDispute)")

        let party = try #require(Self.parse(printed["celebrate show --quarter \(quarter) --json"]) as? [String: Any])
        #expect((party["wins"] as? [[String: Any]])?.compactMap { $0.string("text") } == [win], "\(party)")
        #expect((party["lessons"] as? [[String: Any]])?.compactMap { $0.string("text") } == [lesson], "\(party)")
        #expect((party["shortfalls"] as? [Any])?.count == 1, "\(party)")
        let recognitions = (party["recognitions"] as? [[String: Any]]) ?? []
        #expect(recognitions.count == 1 && recognitions.first?["mixed"] as? Bool == true, "\(party)")
        #expect((party["warnings"] as? [Any])?.isEmpty == true, "\(party)")

        let needs = try #require(Self.parse(printed["need list --cycle \(cycle) --json"]) as? [[String: Any]])
        #expect(needs.compactMap { $0.string("side") } == ["marketing", "marketing", "sales", "sales"], "\(needs)")
        let cycles = try #require(Self.parse(printed["cycle list --json"]) as? [[String: Any]])
        #expect(cycles.count == 1, "\(cycles)")

        // Marketing's drafts: both letters kept on the disputed need; never on a sales replica.
        let marketingCard = try #require(Self.parse(printed["grade list marta"]) as? [String: Any])
        let marketingGrades = (marketingCard["grades"] as? [[String: Any]]) ?? []
        #expect(
            marketingGrades.map { (($0["votes"] as? [[String: Any]]) ?? []).compactMap { $0.string("letter") }.sorted() }
                == [["B", "C"], ["A"]],
            "\(marketingCard) — \(tag)")
        let salesCard = try #require(Self.parse(printed["grade list luis"]) as? [String: Any])
        let salesGrades = (salesCard["grades"] as? [[String: Any]]) ?? []
        #expect(salesGrades.compactMap { $0.string("letter") } == ["A", "F"], "\(salesCard)")
        #expect(
            salesGrades.compactMap { $0.string("need") }.allSatisfy { need in salesNeeds.contains { need.hasPrefix($0) } },
            "\(salesCard)")
        #expect(!(printed["grade list luis"] ?? "").contains(marker))
        for person in ["luis", "sara", "elena"] {
            for file in ["\(person).cuerda", "\(person).cuerda-wal"] {
                let bytes = FileManager.default.contents(atPath: office.cli.path(file)) ?? Data()
                #expect(bytes.range(of: Data(marker.utf8)) == nil, "\(file) holds marketing's draft")
            }
        }

        // Order independence: the same offline edits exchanged in another scrambled order, then
        // one full round in a shuffled order, end in the same state.
        var other = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        let otherExchange = Self.scrambledExchange(&other)
        for (from, to) in otherExchange { try replay.send(from, to: to) }
        let mesh = people.flatMap { from in people.filter { $0 != from }.map { (from, $0) } }.shuffled(using: &other)
        for (from, to) in mesh { try replay.send(from, to: to) }
        let otherOrder = (otherExchange + mesh).map { "\($0.0)→\($0.1)" }.joined(separator: " ")
        let replayed = try Self.outputs(replay, people, ["digest", "--audience", "all"])
        #expect(replayed == shared, "another order (\(otherOrder)) ends elsewhere: \(replayed) vs \(shared) — \(tag)")
        #expect(try Self.outputs(replay, ["marta", "mateo"], ["digest"]) == marketingDigest, "\(tag)")
        #expect(try Self.outputs(replay, ["luis", "sara"], ["digest"]) == salesDigest, "\(tag)")
        for report in [["plan", "show", "--period", quarter], ["review", "show", "--month", month, "--json"]] {
            #expect(
                try replay.run("sara", report) == printed[report.joined(separator: " ")],
                "`\(report.joined(separator: " "))` after another order — \(tag)")
        }
    }
}

extension CLIOffice {
    /// Another office holding copies of this office's replica files (`NAME.cuerda`, its `.key`
    /// and any `-wal`/`-shm` file), taken while no command runs.
    fileprivate init(copyingReplicasOf office: CLIOffice, sourceLocation: SourceLocation = #_sourceLocation) throws {
        cli = try CLIWorkdir(sourceLocation: sourceLocation)
        let files = try FileManager.default.contentsOfDirectory(atPath: office.cli.dir.path)
        for person in Self.people {
            let own = files.filter { $0.hasPrefix("\(person).cuerda") && !$0.hasSuffix(".bundle") }
            try #require(own.contains("\(person).cuerda") && own.contains("\(person).cuerda.key"), "\(files)")
            for file in own { try FileManager.default.copyItem(atPath: office.cli.path(file), toPath: cli.path(file)) }
        }
    }
}

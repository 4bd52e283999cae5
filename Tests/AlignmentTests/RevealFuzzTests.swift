import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// Mutation fuzzing of the report card's reveal path and of the revenue CSV import: a reveal
/// carries a canonical card text and a salt that another device checks against the sealed
/// commitment; a CSV file comes from a spreadsheet. Both are untrusted.
///
/// Seeded: failures name the seed and iteration; `CUERDA_SEED` replays one seed and
/// `CUERDA_FUZZ=N` runs about N iterations per target (see `Docs/testing.md`).
@Suite struct RevealFuzzTests {
    /// A canonical card of every shape the parser knows.
    static let cards: [String] = [
        SealedCard(cycle: ScorecardTests.future, side: .marketing, grades: ["a1": .A, "b2": .F], selfGrades: ["c3": .C]),
        SealedCard(cycle: try! Period(parsing: "2026-Q3"), side: .sales, grades: ["need-1": .B]),
        SealedCard(cycle: try! Period(parsing: "2027"), side: .marketing, grades: [:], selfGrades: ["x": .C]),
    ].map(\.canonicalText)

    // MARK: - a. Parsing a card

    /// A damaged card text parses or is refused as malformed; one that parses is canonical
    /// (it prints back to exactly the same text).
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF8))
    func damagedCardTextsParseOnlyWhenCanonical(seed: UInt64) throws {
        let samples = Self.cards.map { Array($0.utf8) }
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(500, seeds: 4) {
            let bytes = Mutator.mutate(samples.randomElement(using: &rng)!, others: samples, using: &rng)
            let text = String(decoding: bytes, as: UTF8.self)
            let context = "seed \(seed) iteration \(iteration): \(Mutator.hex(bytes))"
            do throws(CuerdaError) {
                let card = try SealedCard(canonical: text)
                #expect(card.canonicalText.utf8.elementsEqual(text.utf8), "a non-canonical card parsed: \(context)")
            } catch {
                #expect(error.code == .malformed, "\(error): \(context)")
            }
        }
    }

    // MARK: - b. Forged reveals

    /// Both sides sealed; marketing's lead device forges reveals whose card text or salt is
    /// damaged and sends them, three at a time, to a sales and a leadership replica in
    /// opposite orders. Each forged commit ends in the same state with the same reason on
    /// both; it is applied only if its card and salt still match the commitment (a mutation
    /// that changes nothing), and nothing is left pending.
    @Test(arguments: SeededGenerator.seeds(2, salt: 0xF9))
    func forgedRevealsAreQuarantinedAlikeUnlessTheyMatch(seed: UInt64) throws {
        let (office, _, _) = try ScorecardTests.graded()
        try office.marta.sealCard(cycle: ScorecardTests.future, on: ScorecardTests.today)
        try office.luis.sealCard(cycle: ScorecardTests.future, on: ScorecardTests.today)
        try office.syncAll()
        let marta = office.marta.replica
        let sealed = try #require(
            try marta.row(AlignmentSchema.Table.sealedCards(of: .marketing), id: "\(ScorecardTests.future)"))
        guard case .text(let card)? = sealed["card"], case .text(let saltHex)? = sealed["salt"], let salt = Hex.decode(saltHex)
        else {
            Issue.record("marketing's sealed card has no text or salt")
            return
        }
        let receivers = [office.luis.replica, office.elena.replica]
        let feed = FeedID(device: marta.device.id, audience: .all)
        let vector = try marta.vector()
        var deps = vector.restricted(to: .all)
        deps[feed] = 0
        var seq = vector[feed]
        var hlc = max(
            try marta.log(limit: Int(Int32.max)).map(\.hlc).max() ?? .zero,
            Timestamp(milliseconds: HybridClock.system(), counter: 0))
        var rng = SeededGenerator(seed: seed)
        let samples = [Array(card.utf8), Array(saltHex.utf8)] + Self.cards.map { Array($0.utf8) }
        for round in 0..<Mutator.iterations(8, seeds: 2) {
            var forged: [(commit: SignedCommit, matches: Bool, card: String, salt: String)] = []
            for _ in 0..<3 {
                var text = card
                var saltText = saltHex
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text = String(decoding: Mutator.mutate(Array(card.utf8), others: samples, using: &rng), as: UTF8.self)
                case 1:
                    saltText = String(decoding: Mutator.mutate(Array(saltHex.utf8), others: samples, using: &rng), as: UTF8.self)
                default:
                    text = String(decoding: Mutator.mutate(Array(card.utf8), others: samples, using: &rng), as: UTF8.self)
                    saltText = String(decoding: Mutator.mutate(Array(saltHex.utf8), others: samples, using: &rng), as: UTF8.self)
                }
                let row = RowOp(
                    table: AlignmentSchema.Table.reveals, row: "\(ScorecardTests.future)/marketing", life: 1,
                    cells: [
                        CellWrite(column: "card", value: .text(text)),
                        CellWrite(column: "cycle", value: .text("\(ScorecardTests.future)")),
                        CellWrite(column: "salt", value: .text(saltText)),
                        CellWrite(column: "side", value: .text("marketing")),
                    ])
                seq += 1
                hlc = Timestamp(rawValue: hlc.rawValue + 1)
                let commit = CommitContent(workspace: marta.workspace, feed: feed, seq: seq, hlc: hlc, deps: deps, rows: [row])
                    .signed(by: marta.device)
                let matches = text.utf8.elementsEqual(card.utf8) && Hex.decode(saltText) == salt
                forged.append((commit, matches, text, saltText))
            }
            try receivers[0].ingest(forged.map(\.commit))
            try receivers[1].ingest(forged.map(\.commit).reversed())
            let states = try receivers.map { replica in
                Dictionary(uniqueKeysWithValues: try replica.log(limit: 50).map { (Hex.encode($0.id), $0) })
            }
            for (i, f) in forged.enumerated() {
                let context =
                    "seed \(seed) round \(round) commit \(i): card \(Mutator.hex(f.card.utf8)) salt \(Mutator.hex(f.salt.utf8))"
                let id = Hex.encode(f.commit.id)
                let (a, b) = (states[0][id], states[1][id])
                #expect(a?.state == b?.state && a?.reason == b?.reason, "the receivers disagree: \(context)")
                #expect(a?.state != .pending, "a forged reveal waits: \(context)")
                if a?.state == .applied {
                    #expect(f.matches, "a reveal that does not match the commitment was applied: \(context)")
                } else {
                    #expect(a?.reason?.isEmpty == false, "quarantined without a reason: \(context)")
                }
            }
            #expect(
                try receivers[0].digest(audiences: [.all]) == receivers[1].digest(audiences: [.all]),
                "seed \(seed) round \(round): the receivers' digests differ")
            let revealed = try office.elena.revealedCards(cycle: ScorecardTests.future)[.marketing]
            #expect(revealed == nil || revealed?.canonicalText == card, "seed \(seed) round \(round): a false card shows")
        }
    }

    // MARK: - c. CSV import

    /// Damaged actual and potential CSV files import, or are refused with an error naming a
    /// line and nothing written.
    @Test(arguments: SeededGenerator.seeds(2, salt: 0xFA))
    func damagedCSVImportsOrNamesALine(seed: UInt64) throws {
        let office = try AlignmentOffice("fuzz-csv")
        let luis = office.luis
        let actuals =
            "\u{FEFF}Month,customer_group,amount,currency\r\n2026-01,Retail,\"1,250.50\",EUR\r\n\r\n"
            + "2026-01,\"Whole, sale\",300,\n2026-02,\"Say \"\"hi\"\"\", 7 ,eur\n"
        let potentials =
            "period,customer_group,customer,amount\n2026,Retail,,\"6,000,000\"\n2026-Q2,Retail,Acme,\"2,000,000.00\"\n"
        let samples = [Array(actuals.utf8), Array(potentials.utf8)]
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(60, seeds: 2) {
            let isActuals = Bool.random(using: &rng)
            let bytes = Mutator.mutate(samples[isActuals ? 0 : 1], others: samples, using: &rng)
            let text = String(decoding: bytes, as: UTF8.self)
            let context = "seed \(seed) iteration \(iteration) (\(isActuals ? "actuals" : "potentials")): \(Mutator.hex(bytes))"
            let before = try luis.replica.digest()
            do throws(CuerdaError) {
                if isActuals {
                    try luis.importActuals(csv: text, currency: .eur)
                } else {
                    try luis.importPotentials(csv: text, currency: .eur)
                }
            } catch {
                #expect(error.message.hasPrefix("line "), "\(error): \(context)")
                #expect(try luis.replica.digest() == before, "a refused file changed the replica: \(context)")
            }
        }
    }
}

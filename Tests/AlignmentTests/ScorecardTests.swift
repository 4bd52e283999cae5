import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

@Suite struct ScorecardTests {
    static let future = try! Period(parsing: "2099-H1")
    static var now: UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
    static let today = Day(Date())

    /// An office with one cycle, two marketing needs and one sales need, synced; marketing
    /// has graded its needs C and F and predicted an A on the sales need; sales graded B.
    static func graded(_ cycle: Period = future, deadline: String = "2099-06-30") throws -> (
        AlignmentOffice, marketing: [String], sales: String
    ) {
        let office = try AlignmentOffice("scorecard")
        _ = try office.marta.openCycle(cycle, deadline: Day(parsing: deadline))
        try office.syncAll()
        let marketing = try ["Qualified leads", "Campaign feedback"].map { try office.marta.addNeed($0, from: cycle) }
        let sales = try office.luis.addNeed("Pricing guidance", from: cycle)
        try office.syncAll()
        try office.marta.grade(marketing[0], letter: .C, cycle: cycle)
        try office.mateo.grade(marketing[1], letter: .F, cycle: cycle)
        try office.marta.grade(sales, letter: .A, cycle: cycle, kind: .self)
        try office.sara.grade(sales, letter: .B, cycle: cycle)
        try office.syncAll()
        return (office, marketing, sales)
    }

    static func json(_ report: ScorecardReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(report)
    }

    @Test func sealingNeedsEveryGradeNoDisagreementAndALead() throws {
        let (office, marketing, _) = try Self.graded()
        try office.mateo.grade(marketing[0], letter: .B, cycle: Self.future)  // concurrent with Marta's C
        try office.marta.grade(marketing[0], letter: .A, cycle: Self.future)  // Marta saw only her own C
        try office.syncAll()
        #expect(throws: CuerdaError.self) { try office.marta.sealCard(cycle: Self.future, on: Self.today) }
        try office.marta.reconcileGrade(marketing[0], letter: .C, cycle: Self.future)
        #expect(throws: CuerdaError.self) { try office.mateo.sealCard(cycle: Self.future, on: Self.today) }
        #expect(throws: CuerdaError.self) { try office.elena.sealCard(cycle: Self.future, on: Self.today) }
        try office.marta.sealCard(cycle: Self.future, on: Self.today)
        #expect(throws: CuerdaError.self) { try office.marta.sealCard(cycle: Self.future, on: Self.today) }
        let error = try #require(throws: CuerdaError.self) {
            try office.marta.grade(marketing[0], letter: .B, cycle: Self.future)
        }
        #expect(error.code == .rejectedWrite && error.message.contains("sealed"), "\(error)")
    }

    /// A grade written after the seal by a modified client is quarantined on every replica;
    /// one written concurrently with the seal (not seeing it) is kept but not in the card.
    @Test func aGradeAfterTheSealIsQuarantinedEverywhere() throws {
        let (office, marketing, _) = try Self.graded()
        try office.marta.sealCard(cycle: Self.future, on: Self.today)
        try office.syncAll()
        let table = AlignmentSchema.Table.grades(by: .marketing)
        let row = "\(Self.future)/\(marketing[1])"
        let forged = try GovernedFixtures.forge(
            [RowOp(table: table, row: row, cells: [CellWrite(column: "letter", value: .text("A"))])],
            audience: try .team("marketing"), by: office.mateo.replica)
        for replica in [office.marta, office.mateo] {
            let report = try replica.replica.ingest([forged])
            #expect(report.quarantined == 1)
            #expect(try replica.replica.quarantine().first?.reason?.contains("is sealed") == true)
        }
    }

    @Test func cardsRevealOnceBothSidesSealedAndEveryReplicaPrintsTheSameReport() throws {
        let (office, marketing, sales) = try Self.graded()
        try office.marta.sealCard(cycle: Self.future, on: Self.today)
        try office.syncAll()
        // Sales has the seal, not the letters: nothing of marketing's card is readable yet.
        #expect(try office.luis.revealedCards(cycle: Self.future).isEmpty)
        #expect(try office.marta.revealReadyCards(now: Self.now).isEmpty, "sales has not sealed yet")
        #expect(
            try office.luis.scorecardStatus(cycle: Self.future, now: Self.now).phases == [
                "marketing": .sealed, "sales": .drafting,
            ])
        try office.luis.sealCard(cycle: Self.future, on: Self.today)
        #expect(try office.luis.revealReadyCards(now: Self.now) == [Self.future])
        try office.syncAll()
        #expect(try office.sara.revealReadyCards(now: Self.now).isEmpty, "a member's device does not reveal")
        #expect(try office.marta.revealReadyCards(now: Self.now) == [Self.future])
        try office.syncAll()
        let reports = try office.everyone.map { try Self.json($0.scorecardReport(cycle: Self.future, now: Self.now)) }
        #expect(Set(reports).count == 1, "identical report JSON on every replica")
        let report = try office.elena.scorecardReport(cycle: Self.future, now: Self.now)
        let byMarketing = try #require(report.cards.first { $0.grader == .marketing })
        #expect(byMarketing.needs.map(\.need) == marketing && byMarketing.needs.map(\.letter) == [.C, .F])
        #expect(byMarketing.average == 1.0)
        let bySales = try #require(report.cards.first { $0.grader == .sales })
        #expect(bySales.needs.first?.predicted == .A && bySales.needs.first?.perceptionGap == 1)
        #expect(bySales.needs.first?.need == sales && bySales.average == 3.0)
        #expect(report.proposedActions.map(\.owner) == [.sales, .sales])
        #expect(report.warnings.contains { $0.contains("perception gap") })
        let due = try Day(parsing: "2099-09-30")
        let month = try Month(parsing: "2099-07")
        let created = try office.luis.createProposedActions(cycle: Self.future, due: due, opened: month, now: Self.now)
        #expect(created.count == 2 && created.allSatisfy { $0.owner == "Luis" })
        #expect(created.allSatisfy { $0.opened == month && $0.due == due })
        #expect(try office.luis.createProposedActions(cycle: Self.future, due: due, opened: month, now: Self.now).isEmpty)
    }

    /// Two devices turning the same report card into action items offline make one item per
    /// need, which merges, not two.
    @Test func proposedActionsCreatedOfflineOnTwoDevicesMergeIntoOneItemEach() throws {
        let (office, _, _) = try Self.graded()
        try office.marta.sealCard(cycle: Self.future, on: Self.today)
        try office.syncAll()
        try office.luis.sealCard(cycle: Self.future, on: Self.today)
        try office.luis.revealReadyCards(now: Self.now)
        try office.syncAll()
        try office.marta.revealReadyCards(now: Self.now)
        try office.syncAll()
        let month = try Month(parsing: "2099-07")
        let byLuis = try office.luis.createProposedActions(
            cycle: Self.future, due: try Day(parsing: "2099-09-30"), opened: month, now: Self.now)
        let byElena = try office.elena.createProposedActions(
            cycle: Self.future, due: try Day(parsing: "2099-10-15"), opened: month, now: Self.now)
        #expect(byLuis.count == 2 && Set(byLuis.map(\.id)) == Set(byElena.map(\.id)), "same IDs on both devices")
        try office.syncAll()
        let items = try office.everyone.map { try $0.actionItems().filter { "\($0.source)".hasPrefix("need:") } }
        #expect(items.allSatisfy { $0.count == 2 }, "\(items.map(\.count))")
        #expect(Set(items.map { $0.map(\.due.description).sorted() }).count == 1, "one due date won everywhere")
        #expect(try Set(office.everyone.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
    }

    /// Reveals that do not match the commitment, or come before both seals and before the
    /// deadline, are quarantined on every replica.
    @Test func earlyOrFalseRevealsAreQuarantinedEverywhere() throws {
        let (office, marketing, sales) = try Self.graded()
        let seal = try office.marta.sealCard(cycle: Self.future, on: Self.today)
        try office.syncAll()
        let card = SealedCard(
            cycle: Self.future, side: .marketing, grades: [marketing[0]: .C, marketing[1]: .F], selfGrades: [sales: .A])
        func reveal(_ card: SealedCard, salt: [UInt8]) -> RowOp {
            RowOp(
                table: AlignmentSchema.Table.reveals, row: "\(Self.future)/marketing", life: 1,
                cells: [
                    CellWrite(column: "card", value: .text(card.canonicalText)),
                    CellWrite(column: "cycle", value: .text("\(Self.future)")),
                    CellWrite(column: "salt", value: .text(Hex.encode(salt))),
                    CellWrite(column: "side", value: .text("marketing")),
                ])
        }
        // Before sales sealed and long before the deadline, even with a true card: refused.
        let stored = try #require(
            try office.marta.replica.row(AlignmentSchema.Table.sealedCards(of: .marketing), id: "\(Self.future)"))
        guard case .text(let saltHex)? = stored["salt"], let salt = Hex.decode(saltHex) else {
            Issue.record("no salt")
            return
        }
        #expect(card.commitment(salt: salt) == seal.commitment, "the test rebuilds the sealed card exactly")
        let early = try GovernedFixtures.forge([reveal(card, salt: salt)], by: office.marta.replica)
        for replica in office.everyone {
            #expect(try replica.replica.ingest([early]).quarantined == 1, "\(replica.replica.path)")
        }
        // After sales sealed: a card with a changed letter does not match the commitment.
        try office.luis.sealCard(cycle: Self.future, on: Self.today)
        try office.syncAll()
        var altered = card
        altered.grades[marketing[1]] = .B
        let lie = try GovernedFixtures.forge([reveal(altered, salt: salt)], by: office.marta.replica)
        for replica in office.everyone {
            let report = try replica.replica.ingest([lie])
            #expect(report.quarantined == 1, "\(replica.replica.path)")
        }
        let reasons = try office.elena.replica.quarantine().compactMap(\.reason)
        #expect(reasons.contains { $0.contains("before sales sealed and before the deadline") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("does not match") }, "\(reasons)")
        #expect(try office.elena.revealedCards(cycle: Self.future).isEmpty)
    }

    /// Two leads move a deadline later offline, the later date written first: the later date
    /// holds on every replica (the column merges by `max`), and the rules see it too — a seal
    /// after the earlier date but before the later one is accepted everywhere.
    @Test func concurrentDeadlineExtensionsKeepTheLaterDate() throws {
        let clock = ManualClock()  // late May 2026
        let office = try AlignmentOffice("extend", options: Replica.Options(rules: PracticeRules(), wallClock: clock.wallClock))
        let cycle = try Period(parsing: "2026-H1")
        _ = try office.marta.openCycle(cycle, deadline: Day(parsing: "2026-06-30"))
        let need = try office.marta.addNeed("Qualified leads", from: cycle)
        try office.syncAll()
        clock.advance(by: 1000)
        _ = try office.marta.openCycle(cycle, deadline: Day(parsing: "2026-07-31"))
        clock.advance(by: 1000)
        _ = try office.luis.openCycle(cycle, deadline: Day(parsing: "2026-07-10"))  // written last, earlier date
        try office.syncAll()
        for replica in office.everyone {
            #expect(try replica.cycle(cycle).deadline == Day(parsing: "2026-07-31"), "\(replica.replica.path)")
        }
        clock.advance(by: 50 * 86_400_000)  // mid-July: past Luis's date, before Marta's
        try office.marta.grade(need, letter: .B, cycle: cycle)
        try office.marta.sealCard(cycle: cycle, on: Day(parsing: "2026-07-20"))
        try office.syncAll()
        for replica in office.everyone {
            #expect(try replica.replica.quarantine().isEmpty, "the seal before the merged deadline is valid everywhere")
        }
        #expect(try Set(office.everyone.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
    }

    /// Sales never seals; after the deadline marketing reveals alone and the report shows
    /// sales as "not graded", not as F. Time is a manual clock shared by every replica.
    @Test func afterTheDeadlineASealedSideRevealsAloneAndTheOtherCanNoLongerSeal() throws {
        let clock = ManualClock()  // late May 2026
        let office = try AlignmentOffice("deadline", options: Replica.Options(rules: PracticeRules(), wallClock: clock.wallClock))
        let cycle = try Period(parsing: "2026-H1")
        _ = try office.marta.openCycle(cycle, deadline: Day(parsing: "2026-06-30"))
        try office.syncAll()
        let need = try office.marta.addNeed("Qualified leads", from: cycle)
        let salesNeed = try office.luis.addNeed("Pricing guidance", from: cycle)
        try office.syncAll()
        try office.marta.grade(need, letter: .B, cycle: cycle)
        try office.luis.grade(salesNeed, letter: .A, cycle: cycle)
        try office.marta.sealCard(cycle: cycle, on: Day(parsing: "2026-06-01"))
        // Nobody may pull the deadline forward to open the other side's card early.
        let earlier = try #require(throws: CuerdaError.self) {
            try office.elena.openCycle(cycle, deadline: Day(parsing: "2026-06-02"))
        }
        #expect(earlier.code == .rejectedWrite && earlier.message.contains("never earlier"), "\(earlier)")
        #expect(try office.marta.revealReadyCards(now: clock.milliseconds).isEmpty, "before the deadline, sales may still seal")
        clock.advance(by: 40 * 86_400_000)  // July
        #expect(try office.marta.revealReadyCards(now: clock.milliseconds) == [cycle])
        try office.syncAll()
        let late = try #require(throws: CuerdaError.self) {
            try office.luis.sealCard(cycle: cycle, on: Day(parsing: "2026-07-09"))
        }
        #expect(late.message.contains("deadline"), "\(late)")
        let report = try office.luis.scorecardReport(cycle: cycle, now: clock.milliseconds)
        let silent = try #require(report.cards.first { $0.grader == .sales })
        #expect(silent.phase == .notGraded && silent.needs.isEmpty && silent.average == nil)
        #expect(report.warnings.contains { $0.contains("sales did not seal by the deadline") })
        #expect(report.cards.first { $0.grader == .marketing }?.needs.map(\.letter) == [.B])
    }

    /// Graders who give the same letter concurrently agree: no conflict, the seal goes through.
    @Test func gradersWhoAgreeAreNoConflict() throws {
        let (office, marketing, _) = try Self.graded()
        try office.marta.grade(marketing[1], letter: .B, cycle: Self.future)
        try office.mateo.grade(marketing[1], letter: .B, cycle: Self.future)
        try office.syncAll()
        let card = try office.marta.draftCard(cycle: Self.future)
        #expect(card.grades[1].votes.count == 2 && !card.grades[1].conflict && card.conflicts.isEmpty)
        #expect(throws: Never.self) { try office.marta.sealCard(cycle: Self.future, on: Self.today) }
    }

    @Test func theCanonicalCardHasOneSpelling() throws {
        let card = SealedCard(cycle: Self.future, side: .sales, grades: ["b": .A, "a": .F], selfGrades: ["c": .C])
        #expect(try SealedCard(canonical: card.canonicalText) == card)
        for bad in [
            card.canonicalText.replacingOccurrences(of: "grade a F", with: "grade a D"),
            card.canonicalText.replacingOccurrences(of: "\n", with: "\r\n"),
            String(card.canonicalText.dropLast()),
            card.canonicalText + "grade a F\n",
            card.canonicalText.replacingOccurrences(of: "side sales", with: "side leadership"),
        ] {
            #expect(throws: CuerdaError.self) { try SealedCard(canonical: bad) }
        }
        let salt = SealedCard.newSalt()
        #expect(card.commitment(salt: salt) != card.commitment(salt: SealedCard.newSalt()), "salted")
    }
}

import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

@Suite struct ReportCardTests {
    static let h1 = try! Period(parsing: "2026-H1")
    static let h2 = try! Period(parsing: "2026-H2")

    /// An office with both cycles open and each side's needs, synced.
    static func office() throws -> (AlignmentOffice, marketing: [String], sales: [String]) {
        let office = try AlignmentOffice("report-card")
        _ = try office.luis.openCycle(h1, deadline: Day(parsing: "2026-06-30"))
        _ = try office.marta.openCycle(h2, deadline: Day(parsing: "2026-12-31"))
        try office.syncAll()
        let marketing = try ["Qualified leads every week", "Feedback on campaigns", "Forecasts on time"].map {
            try office.marta.addNeed($0, from: h1)
        }
        let sales = try ["Leads with a phone number", "Pricing guidance"].map { try office.luis.addNeed($0, from: h1) }
        try office.syncAll()
        return (office, marketing, sales)
    }

    @Test func needsCarryOverKeepTheirWordingPerCycleAndRetire() throws {
        let (office, marketing, sales) = try Self.office()
        try office.marta.rewordNeed(marketing[0], to: "Qualified, scored leads every week", from: Self.h2)
        try office.marta.retireNeed(marketing[2], from: Self.h2)
        try office.syncAll()
        for replica in office.everyone {
            let first = try replica.needs(in: Self.h1, side: .marketing)
            #expect(first.map(\.id) == marketing)
            #expect(first[0].text == "Qualified leads every week" && !first[0].reworded)
            let second = try replica.needs(in: Self.h2, side: .marketing)
            #expect(second.map(\.id) == Array(marketing.prefix(2)), "the retired need is off the H2 card")
            #expect(second[0].text == "Qualified, scored leads every week" && second[0].reworded)
            #expect(try replica.needs(in: Self.h2, side: .sales).map(\.id) == sales, "needs carry over")
        }
    }

    @Test func onlyLeadsOfMarketingAndSalesKeepNeedsAndEachOnlyItsOwn() throws {
        let (office, marketing, _) = try Self.office()
        let before = try office.everyone.map { try $0.replica.digest() }
        #expect(throws: CuerdaError.self) { try office.mateo.addNeed("Anything", from: Self.h1) }
        #expect(throws: CuerdaError.self) { try office.elena.addNeed("Anything", from: Self.h1) }
        #expect(throws: CuerdaError.self) { try office.luis.rewordNeed(marketing[0], to: "Mine now", from: Self.h1) }
        #expect(throws: CuerdaError.self) { try office.marta.addNeed("", from: Self.h1) }
        #expect(throws: CuerdaError.self) { try office.marta.addNeed("Later", from: Period(parsing: "2027-H1")) }
        #expect(try office.everyone.map { try $0.replica.digest() } == before, "refused writes leave every replica unchanged")
    }

    @Test func gradersDisagreeTheLeadSettlesAndTheOtherSideNeverSeesTheDrafts() throws {
        let (office, marketing, sales) = try Self.office()
        // Marta and Mateo grade the same need offline, differently.
        try office.marta.grade(marketing[0], letter: .B, cycle: Self.h1)
        try office.mateo.grade(marketing[0], letter: .C, cycle: Self.h1, comment: "Half the leads lack a budget")
        try office.luis.grade(sales[0], letter: .A, cycle: Self.h1)
        try office.syncAll()
        for replica in [office.marta, office.mateo] {
            let card = try replica.draftCard(cycle: Self.h1)
            #expect(card.graded == .sales)
            #expect(card.conflicts == [marketing[0]])
            #expect(Set(card.grades[0].votes.map(\.grader)) == ["Marta", "Mateo"])
            #expect(card.missing == Array(marketing.dropFirst()))
        }
        #expect(throws: CuerdaError.self) { try office.mateo.reconcileGrade(marketing[0], letter: .B, cycle: Self.h1) }
        try office.marta.reconcileGrade(marketing[0], letter: .C, cycle: Self.h1)
        try office.syncAll()
        let settled = try office.mateo.draftCard(cycle: Self.h1).grades[0]
        #expect(settled.letter == .C && settled.votes.map(\.grader) == ["Marta"] && !settled.conflict)
        // Sales holds none of marketing's drafts, and marketing none of sales'.
        for replica in [office.luis, office.sara, office.elena] {
            #expect(try replica.replica.rows(AlignmentSchema.Table.grades(by: .marketing)).isEmpty)
        }
        for replica in [office.marta, office.mateo, office.elena] {
            #expect(try replica.replica.rows(AlignmentSchema.Table.grades(by: .sales)).isEmpty)
        }
        #expect(try office.sara.draftCard(cycle: Self.h1).grades.map(\.letter) == [.A, nil])
    }

    @Test func gradesAreRefusedOnTheOtherSidesNeedsOffTheCardAndForBadLetters() throws {
        let (office, marketing, sales) = try Self.office()
        try office.marta.retireNeed(marketing[2], from: Self.h2)
        let before = try office.marta.replica.digest()
        #expect(throws: CuerdaError.self) { try office.marta.grade(sales[0], letter: .A, cycle: Self.h1) }
        #expect(throws: CuerdaError.self) { try office.marta.grade(marketing[2], letter: .A, cycle: Self.h2) }
        #expect(throws: CuerdaError.self) { try office.elena.grade(marketing[0], letter: .A, cycle: Self.h1) }
        #expect(throws: CuerdaError.self) { try Letter(parsing: "D") }
        #expect(try Letter(parsing: "b") == .B)
        #expect(Letter.allCases.map(\.points) == [4, 3, 2, 0])
        #expect(try office.marta.replica.digest() == before)
    }
}

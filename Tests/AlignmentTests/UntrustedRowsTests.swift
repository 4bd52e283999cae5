import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

/// Rows are untrusted: any member may write any cell through the engine (`cuerda put`, a
/// modified client). Reports must read odd values without crashing, and the report-card rules
/// must hold whatever the entry point.
@Suite struct UntrustedRowsTests {
    @Test func outOfRangeAmountsAreUnreadableNotFatal() throws {
        let office = try AlignmentOffice("untrusted-money")
        let month = try Month(parsing: "2026-03")
        try office.marta.replica.write { tx in
            try tx.upsert(
                AlignmentSchema.Table.targets, id: "2026-03",
                ["period": .text("2026-03"), "amount": .integer(.min), "currency": .text("EUR")])
        }
        let review = try office.marta.monthlyReview(month)
        #expect(review.result.target == nil, "an amount out of range reads as no target")
        #expect(throws: CuerdaError.self) { try Allocation.largestRemainder(.min, weights: [1, 2]) }
        #expect(throws: CuerdaError.self) { try Allocation.largestRemainder(10, weights: [.max, .max, 2]) }
    }

    @Test func aMalformedOrderKeyDoesNotBreakTheNextNeed() throws {
        let office = try AlignmentOffice("untrusted-rank")
        let cycle = try Period(parsing: "2027-H1")
        _ = try office.marta.openCycle(cycle, deadline: Day(parsing: "2027-06-30"))
        try office.marta.replica.write { tx in
            try tx.insert(
                AlignmentSchema.Table.needs, id: "zzz",
                ["side": .text("marketing"), "text": .text("x"), "since": .text("2027-H1"), "rank": .text("a-b")])
        }
        let id = try office.marta.addNeed("Second", from: cycle)
        #expect(try office.marta.needs(in: cycle).map(\.id).contains(id))
        #expect(OrderKey.isValid(OrderKey.between("a-b", "0")))
    }

    /// Only a need's own side words it: the other side's lead can neither reword it nor take
    /// the row of a later cycle first.
    @Test func theOtherSideCannotRewordANeed() throws {
        let office = try AlignmentOffice("untrusted-wording")
        let cycle = try Period(parsing: "2027-H1")
        _ = try office.marta.openCycle(cycle, deadline: Day(parsing: "2027-06-30"))
        let need = try office.marta.addNeed("Qualified leads", from: cycle)
        try office.syncAll()
        let before = try office.luis.replica.vector()
        let error = try #require(throws: CuerdaError.self) {
            try office.luis.replica.write { tx in
                try tx.insert(
                    AlignmentSchema.Table.needWordings, id: "\(need)/2027-H2",
                    [
                        "need": .text(need), "side": .text("sales"), "cycle": .text("2027-H2"),
                        "text": .text("Marketing never follows up"),
                    ])
            }
        }
        #expect(error.code == .rejectedWrite && error.message.contains("belongs to marketing"), "\(error)")
        #expect(try office.luis.replica.vector() == before)
        #expect(try office.marta.needs(in: cycle).first?.text == "Qualified leads")
    }
}

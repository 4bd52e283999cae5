import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

/// Practices 1 and 2 over a five-person office: decision areas, disputes and rulings, the
/// marketing plan, sales actions, coverage and concurrent reordering.
@Suite struct RolesPlansTests {
    private typealias Table = AlignmentSchema.Table
    private let q1 = try! Period(parsing: "2026-Q1")
    private let march31 = try! Day(parsing: "2026-03-31")

    /// Asserts that `body` fails with `code` and leaves the replica's state as it was.
    private func refused(
        _ replica: AlignmentReplica, _ code: CuerdaError.Code, mentioning word: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) throws {
        let before = try replica.replica.digest()
        do {
            try body()
            Issue.record("expected a \(code) error", sourceLocation: sourceLocation)
        } catch let error as CuerdaError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if let word { #expect(error.message.contains(word), "\(error)", sourceLocation: sourceLocation) }
        }
        #expect(try replica.replica.digest() == before, "a refused call changed the replica", sourceLocation: sourceLocation)
    }

    // MARK: Roles

    @Test func defaultAreasHoldWithoutRowsAndLeadershipChangesThem() throws {
        let office = try AlignmentOffice("areas")
        let areas = try office.sara.decisionAreas()
        #expect(areas == DecisionArea.defaults)
        #expect(try office.sara.replica.rows(Table.decisionAreas).isEmpty)
        #expect(
            Dictionary(uniqueKeysWithValues: areas.map { ($0.slug, $0.owner) })
                == ["strategy": .marketing, "channel-strategy": .marketing, "execution": .sales])

        try refused(office.marta, .rejectedWrite, mentioning: "leadership") {
            try office.marta.setDecisionArea("pricing", owner: .marketing)
        }
        try refused(office.elena, .invalidArgument) { try office.elena.setDecisionArea("Not A Slug!", owner: .sales) }
        try office.elena.setDecisionArea("pricing", owner: .marketing, name: "Pricing", description: "List prices")
        try office.elena.setDecisionArea("execution", owner: .leadership)
        try office.syncAll()
        for replica in office.everyone {
            let areas = try replica.decisionAreas()
            #expect(areas.map(\.slug) == ["channel-strategy", "execution", "pricing", "strategy"])
            let execution = try replica.decisionArea("execution")
            #expect(execution.owner == .leadership && !execution.isDefault)
            #expect(execution.description == DecisionArea.defaults.first { $0.slug == "execution" }?.description)
            #expect(try replica.decisionArea("pricing").name == "Pricing")
        }
    }

    @Test func aRulingChangesTheAreaOwnerOnEveryReplica() throws {
        let office = try AlignmentOffice("ruling")
        let raised = try office.luis.raiseDispute(
            area: "channel-strategy", title: "Who picks the partners?", opened: try Day(parsing: "2026-03-02"))
        #expect(raised.status == .open && raised.raisedBy == "Luis")
        try office.syncAll()
        try office.mateo.recordPosition(on: raised.shortID, text: "Channels are marketing's")
        try office.sara.recordPosition(on: raised.id, text: "We meet the partners every week")
        try office.sara.escalateDispute(raised.shortID)
        try office.syncAll()
        #expect(try office.elena.disputes(status: .escalated).map(\.id) == [raised.id])
        try office.elena.rule(on: raised.shortID, owner: .sales, text: "Sales picks partners", on: march31)
        try office.syncAll()
        for replica in office.everyone {
            #expect(try replica.decisionArea("channel-strategy").owner == .sales)
            let dispute = try replica.dispute(raised.id)
            #expect(dispute.status == .ruled)
            #expect(dispute.ruling == Dispute.Ruling(owner: .sales, text: "Sales picks partners", ruledOn: march31))
            #expect(dispute.positions.map(\.side) == [.marketing, .sales])
            #expect(try replica.disputes(status: .open).isEmpty)
        }
        // Settled: an escalation or a position after the ruling is refused.
        try refused(office.luis, .invalidArgument) { try office.luis.escalateDispute(raised.id) }
        try refused(office.luis, .rejectedWrite) { try office.luis.recordPosition(on: raised.id, text: "Late") }
    }

    @Test func onlyLeadershipRules() throws {
        let office = try AlignmentOffice("rule-refused")
        let dispute = try office.sara.raiseDispute(area: "strategy", title: "Pricing direction", opened: march31)
        try office.syncAll()
        try refused(office.luis, .rejectedWrite, mentioning: "leadership") {
            try office.luis.rule(on: dispute.id, owner: .sales, text: "Ours", on: march31)
        }
        try refused(office.marta, .rejectedWrite) {
            try office.marta.rule(on: dispute.id, owner: .marketing, text: "Ours", on: march31)
        }
        #expect(try office.luis.replica.rows(Table.rulings).isEmpty)
        #expect(try office.luis.decisionArea("strategy").owner == .marketing)

        // Past the library, the engine refuses a sales ruling locally and quarantines a forged one.
        try refused(office.luis, .rejectedWrite) {
            _ = try office.luis.replica.write { tx in try tx.insert(Table.rulings, id: dispute.id, ["owner": .text("sales")]) }
        }
        let forged = try GovernedFixtures.forge(
            [RowOp(table: Table.rulings, row: dispute.id, life: 1, cells: [CellWrite(column: "owner", value: .text("sales"))])],
            by: office.luis.replica)
        try office.elena.replica.ingest([forged])
        #expect(try office.elena.replica.quarantine().count == 1)
        #expect(try office.elena.dispute(dispute.id).status == .open)
    }

    @Test func eachSideWritesOnlyItsOwnPosition() throws {
        let office = try AlignmentOffice("positions")
        let dispute = try office.mateo.raiseDispute(area: "execution", title: "Who runs the demos?", opened: march31)
        try office.syncAll()
        try office.sara.recordPosition(on: dispute.id, text: "Reps run demos")
        try office.sara.recordPosition(on: dispute.id, text: "Reps run demos, marketing brings the deck")
        let positions = try office.sara.replica.rows(Table.disputePositions)
        #expect(positions.map(\.id) == ["\(dispute.id)/sales"])
        #expect(
            try office.sara.dispute(dispute.id).positions == [
                .init(side: .sales, text: "Reps run demos, marketing brings the deck")
            ])

        try refused(office.elena, .rejectedWrite) { try office.elena.recordPosition(on: dispute.id, text: "Neutral") }
        try refused(office.sara, .rejectedWrite, mentioning: "side") {
            _ = try office.sara.replica.write { tx in
                try tx.insert(
                    Table.disputePositions, id: "\(dispute.id)/marketing",
                    ["dispute": .text(dispute.id), "side": .text("marketing"), "position": .text("Forged")])
            }
        }
    }

    @Test func badInputIsRefusedAndChangesNothing() throws {
        let office = try AlignmentOffice("inputs")
        try refused(office.sara, .notFound, mentioning: "nowhere") {
            try office.sara.raiseDispute(area: "nowhere", title: "?", opened: march31)
        }
        try refused(office.sara, .invalidArgument) {
            try office.sara.raiseDispute(area: "strategy", title: "  ", opened: march31)
        }
        try office.marta.replica.write { tx in
            for id in ["ab01", "ab02"] {
                try tx.insert(
                    Table.disputes, id: id, ["area": .text("strategy"), "title": .text(id), "opened": .text("2026-03-01")])
            }
        }
        try refused(office.marta, .invalidArgument, mentioning: "ambiguous") { _ = try office.marta.dispute("ab0") }
        try refused(office.marta, .notFound) { _ = try office.marta.dispute("ff") }
        #expect(try office.marta.dispute("AB02").title == "ab02")

        let item = try office.marta.addPlanItem(
            period: q1, priority: 1, product: "Pro", channel: "partners", segment: "retail", expected: "demos")
        try refused(office.marta, .invalidArgument, mentioning: "priority") {
            try office.marta.addPlanItem(period: q1, priority: 0, product: "Pro", channel: "web", segment: "smb", expected: "x")
        }
        try office.syncAll()
        try refused(office.luis, .notFound, mentioning: "Nobody") {
            try office.luis.deriveSalesAction(from: item.id, account: "Acme", action: "Call", owner: "Nobody", due: march31)
        }
        try refused(office.luis, .notFound) {
            try office.luis.deriveSalesAction(from: "0000", account: "Acme", action: "Call", owner: "Sara", due: march31)
        }
        try refused(office.marta, .invalidArgument) { try office.marta.movePlanItem(item.id, .before(item.shortID)) }
        #expect(throws: CuerdaError.self) { try Day(parsing: "2026-02-30") }
        #expect(throws: CuerdaError.self) { try Period(parsing: "2026-Q5") }
    }

    // MARK: Plans

    @Test func eachSideWritesOnlyItsOwnPlan() throws {
        let office = try AlignmentOffice("plan-owners")
        try refused(office.luis, .rejectedWrite, mentioning: "marketing") {
            try office.luis.addPlanItem(period: q1, priority: 1, product: "Pro", channel: "web", segment: "smb", expected: "x")
        }
        let item = try office.mateo.addPlanItem(
            period: q1, priority: 1, product: "Pro", channel: "partners", segment: "retail", expected: "Two demos")
        try office.syncAll()
        try refused(office.marta, .rejectedWrite, mentioning: "sales") {
            try office.marta.deriveSalesAction(from: item.id, account: "Acme", action: "Demo", owner: "Sara", due: march31)
        }
        try refused(office.sara, .rejectedWrite) { try office.sara.movePlanItem(item.id, .top) }
        let action = try office.sara.deriveSalesAction(
            from: item.shortID, account: "Acme", action: "Demo", owner: "mateo", due: march31)
        #expect(action.owner == "Mateo" && action.planItem == item.id && action.due == march31)
        try office.syncAll()
        #expect(try office.marta.plan(q1).items.map { $0.actions.map(\.id) } == [[action.id]])
    }

    @Test(arguments: SeededGenerator.seeds(3, salt: 0xC0FE))
    func coverageListsExactlyTheUncoveredItems(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let office = try AlignmentOffice("coverage")
        let periods = [q1, try Period(parsing: "2026-Q2")]
        for n in 0..<10 {
            let period = periods.randomElement(using: &random)!
            try office.marta.addPlanItem(
                period: period, priority: n % 3 + 1, product: "P\(n)", channel: "C", segment: "S", expected: "E")
        }
        try office.syncAll()
        let items = try office.luis.replica.rows(Table.planItems)
        for item in items where Bool.random(using: &random) {
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                try office.luis.deriveSalesAction(from: item.id, account: "A", action: "act", owner: "Sara", due: march31)
            }
        }
        try office.syncAll()
        // The oracle: straight from the rows.
        let coveredIDs = Set(try office.marta.replica.rows(Table.salesActions).compactMap { $0.values["plan_item"] })
        for period in periods {
            let inPeriod = items.filter { $0.values["period"] == .text(period.description) }
            let expected = Set(inPeriod.map(\.id).filter { !coveredIDs.contains(.text($0)) })
            for replica in office.everyone {
                let report = try replica.coverage(period)
                #expect(Set(report.uncovered.map(\.id)) == expected, "seed \(seed)")
                #expect(report.total == inPeriod.count && report.covered == inPeriod.count - expected.count, "seed \(seed)")
                let order = try replica.plan(period).items.map(\.id)
                #expect(report.uncovered.map(\.id) == order.filter(expected.contains), "seed \(seed): not in plan order")
            }
        }
    }

    /// Marta and Mateo each move their own half of the items offline; after syncing, every
    /// replica shows the same order, every item keeps the key its mover wrote last, and each
    /// one's last move still stands against the items the other did not touch.
    @Test(arguments: SeededGenerator.seeds(4, salt: 0x0DE5))
    func concurrentReordersKeepEachReplicasMoves(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let office = try AlignmentOffice("reorder")
        for n in 0..<8 {
            try office.marta.addPlanItem(period: q1, priority: 1, product: "P\(n)", channel: "C", segment: "S", expected: "E")
        }
        try office.syncAll()
        let ids = try office.marta.plan(q1).items.map(\.id)
        let movers = [
            (office.marta, Set(ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))),
            (office.mateo, Set(ids.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))),
        ]
        var keys: [String: String] = [:]
        var lastMoves: [(item: String, previous: String?, next: String?, others: Set<String>)] = []
        for (replica, mine) in movers {
            var last: (item: String, previous: String?, next: String?)?
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let item = mine.sorted().randomElement(using: &random)!
                let other = ids.filter { $0 != item }.randomElement(using: &random)!
                let placement: PlanPlacement = [.top, .bottom, .before(other), .after(other)].randomElement(using: &random)!
                let order = try replica.movePlanItem(item, placement).items.map(\.id)
                let at = order.firstIndex(of: item)!
                switch placement {
                case .top: #expect(at == 0, "seed \(seed)")
                case .bottom: #expect(at == order.count - 1, "seed \(seed)")
                case .before(let other): #expect(order[at + 1] == other, "seed \(seed)")
                case .after(let other): #expect(order[at - 1] == other, "seed \(seed)")
                }
                last = (item, at > 0 ? order[at - 1] : nil, at + 1 < order.count ? order[at + 1] : nil)
            }
            for item in try replica.plan(q1).items where mine.contains(item.id) { keys[item.id] = item.rank }
            if let last { lastMoves.append((last.item, last.previous, last.next, Set(ids).subtracting(mine))) }
        }
        try office.syncAll()
        let orders = try office.everyone.map { try $0.plan(q1).items.map(\.id) }
        #expect(Set(orders).count == 1, "seed \(seed): \(orders)")
        let final = try office.sara.plan(q1).items
        for item in final { #expect(item.rank == keys[item.id], "seed \(seed): a move of \(item.shortID) was lost") }
        let order = final.map(\.id)
        for move in lastMoves {
            let at = order.firstIndex(of: move.item)!
            if let previous = move.previous, !move.others.contains(previous) {
                #expect(order.firstIndex(of: previous)! < at, "seed \(seed)")
            }
            if let next = move.next, !move.others.contains(next) { #expect(at < order.firstIndex(of: next)!, "seed \(seed)") }
        }
    }

    /// Two items that got the same key offline are ordered by ID; moving a third between them
    /// gives the tied run fresh keys, and the order is the one asked for.
    @Test func aMoveBetweenTiedItemsLandsBetweenThem() throws {
        let office = try AlignmentOffice("ties")
        for n in 0..<4 {
            try office.marta.addPlanItem(period: q1, priority: 1, product: "P\(n)", channel: "C", segment: "S", expected: "E")
        }
        var order = try office.marta.plan(q1).items.map(\.id)
        try office.marta.replica.write { tx in
            for id in order.prefix(2) { try tx.update(Table.planItems, id: id, ["rank": .text("V")]) }
        }
        let tied = order.prefix(2).sorted()
        order = try office.marta.plan(q1).items.map(\.id)
        #expect(Array(order.prefix(2)) == tied)
        let moved = order[3]
        let after = try office.marta.movePlanItem(moved, .after(tied[0])).items
        #expect(after.map(\.id) == [tied[0], moved, tied[1], order[2]])
        #expect(Set(after.map(\.rank)).count == after.count)
        #expect(after.map(\.rank) == after.map(\.rank).sorted())
    }
}

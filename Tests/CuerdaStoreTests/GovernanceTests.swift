import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// A governed workspace: only admitted members write, each only what its team owns, and
/// every replica reaches the same verdict on every commit, whatever the order of delivery.
///
/// Forbidden operations are tried twice: through the API, which must refuse them before
/// anything is committed, and as commits made and signed by hand (as a modified client
/// would), which every receiving replica must quarantine with the same reason.
@Suite struct GovernanceTests {
    typealias Fact = GovernedFixtures.QuarantineFact

    // MARK: (a) non-members

    @Test func aNonMembersCommitsSmuggledInABundleAreHeldAsideNotLoggedNorRelayed() throws {
        let (workspace, lead, _, _) = try GovernedWorkspace.standard("smuggle", marketingMember: false)
        let founder = workspace.founder.replica
        // An outsider knows the workspace ID but was never admitted: an open replica of the
        // same workspace lets it write anything, even a membership row admitting itself.
        let outsider = try Replica.create(
            at: workspace.directory.file("outsider.cuerda"), workspace: founder.workspace,
            schema: GovernedFixtures.schema.governed)
        let me = outsider.device.id
        try outsider.write { tx in
            try tx.insert("items", id: "smuggled", ["title": .text("free lunch")])
            try tx.insert("targets", id: "t-smuggled", ["amount": .integer(1)])
            try tx.insert(
                MembersTable.name, id: me.hex,
                [
                    "member": .text(me.hex), "name": .text("Eve"), "team": .text("marketing"), "role": .text("lead"),
                    "status": .text("active"),
                ])
        }
        try outsider.write { tx in try tx.update("items", id: "smuggled", ["done": .integer(1)]) }

        let digest = try founder.digest()
        let members = try founder.membership()?.devices
        let vector = try founder.vector()
        let report = try founder.importBundle(BundleReader(bytes: outsider.bundle(audiences: [.all])))
        #expect(report.received == 2 && report.held == 2 && report.applied == 0, "\(report)")
        // A stranger's commits get no feed: not logged, not in the vector, never relayed.
        #expect(try founder.quarantine().isEmpty && founder.heldCount() == 2)
        #expect(try founder.vector() == vector && founder.log(limit: 10_000).allSatisfy { $0.feed.device != me })
        #expect(try founder.digest() == digest, "a non-member's commit changed the state")
        #expect(try founder.rowIDs("items").isEmpty && founder.rowIDs("targets").isEmpty)
        #expect(try founder.membership()?.devices == members)
        #expect(try founder.audiences(visibleTo: me) == nil, "the outsider would be let in over TCP")

        // Nothing of the stranger's is relayed.
        try workspace.deliver(from: workspace.founder, to: lead)
        #expect(try lead.replica.heldCount() == 0 && lead.replica.log(limit: 10_000).allSatisfy { $0.feed.device != me })
        #expect(try lead.replica.digest(audiences: [.all]) == founder.digest(audiences: [.all]))
    }

    // MARK: (b) signatures

    @Test func aCommitSignedByAnotherDeviceIsRejectedAndNothingIsStored() throws {
        let (workspace, lead, member, _) = try GovernedWorkspace.standard("signer", marketingMember: false)
        let founder = workspace.founder.replica
        // The member signs a commit that claims to be on the lead's feed.
        let feed = FeedID(device: lead.id, audience: .all)
        var deps = try lead.replica.vector().restricted(to: .all)
        deps[feed] = 0
        let content = CommitContent(
            workspace: founder.workspace, feed: feed, seq: try lead.replica.vector()[feed] + 1,
            hlc: Timestamp(milliseconds: HybridClock.system(), counter: 0), deps: deps,
            rows: [
                RowOp(
                    table: "quotas", row: "stolen", life: 1,
                    cells: [CellWrite(column: "amount", value: .integer(1_000_000))])
            ])
        let bytes = content.encoded()
        let impostor = SignedCommit(bytes: bytes, signature: Array(member.replica.device.sign(bytes)))
        // A genuine commit in the same batch does not get the forged one in.
        try member.replica.write { tx in try tx.insert("items", id: "honest", ["title": .text("ok")]) }
        let honest = try #require(GovernedFixtures.commits(of: member.replica).last)

        let vector = try founder.vector()
        let log = try founder.log(limit: 10_000)
        for batch in [[impostor], [honest, impostor]] {
            #expect {
                try founder.ingest(batch)
            } throws: { error in
                (error as? CuerdaError)?.code == .badSignature
            }
        }
        #expect(try founder.vector() == vector)
        #expect(try founder.log(limit: 10_000) == log, "a commit was stored")
        #expect(try founder.rowIDs("quotas").isEmpty && founder.rowIDs("items").isEmpty)
        // The honest commit alone is fine.
        #expect(try founder.ingest([honest]).applied == 1)
    }

    // MARK: (c) write rules, refused locally and quarantined remotely

    /// Tries a forbidden operation through the API on `author`'s replica: it must throw
    /// `.rejectedWrite` and commit nothing. Then the same change, made and signed by hand,
    /// is offered to every other device that may hold it (and to the author when it may):
    /// each must quarantine it with the reason the API gave.
    func expectRefusedEverywhere<T>(
        _ label: String, in workspace: GovernedWorkspace, by author: GovernedDevice, audience: Audience = .all,
        rows: [RowOp], reason: String, clock: ManualClock, sourceLocation: SourceLocation = #_sourceLocation,
        attempt: (Replica) throws -> T
    ) throws {
        let replica = author.replica
        let vector = try replica.vector()
        let log = try replica.log(limit: 10_000)
        let digest = try replica.digest()
        var message: String?
        do {
            _ = try attempt(replica)
            Issue.record("\(label): accepted by the API", sourceLocation: sourceLocation)
        } catch let error as CuerdaError {
            #expect(error.code == .rejectedWrite, "\(label): \(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(reason), "\(label): '\(error.message)'", sourceLocation: sourceLocation)
            message = error.message
        }
        #expect(try replica.vector() == vector, "\(label): the vector moved", sourceLocation: sourceLocation)
        #expect(try replica.log(limit: 10_000) == log, "\(label): the log changed", sourceLocation: sourceLocation)
        #expect(try replica.digest() == digest, "\(label): the state changed", sourceLocation: sourceLocation)

        let forged = try GovernedFixtures.forge(rows, audience: audience, by: replica, clock: clock)
        let receivers = workspace.devices.filter { $0.audiences.contains(audience) }
        #expect(receivers.contains { $0.replica !== replica }, sourceLocation: sourceLocation)
        for receiver in receivers {
            let digest = try receiver.replica.digest()
            let report = try receiver.replica.ingest([forged], within: receiver.audiences)
            #expect(
                report.quarantined == 1 && report.applied == 0, "\(label): \(receiver) \(report)",
                sourceLocation: sourceLocation)
            let entry = try receiver.replica.quarantine().first { $0.id == forged.id }
            #expect(
                entry?.reason == message,
                "\(label): \(receiver) says '\(entry?.reason ?? "nothing")', the API '\(message ?? "")'",
                sourceLocation: sourceLocation)
            #expect(try receiver.replica.digest() == digest, "\(label): \(receiver) changed", sourceLocation: sourceLocation)
        }
    }

    static func insert(_ table: String, _ id: String, _ values: [String: Value]) -> RowOp {
        RowOp(
            table: table, row: id, life: 1,
            cells: values.sorted { $0.key < $1.key }.map { CellWrite(column: $0.key, value: $0.value) })
    }

    static func update(_ table: String, _ id: String, _ values: [String: Value]) -> RowOp {
        RowOp(table: table, row: id, cells: values.sorted { $0.key < $1.key }.map { CellWrite(column: $0.key, value: $0.value) })
    }

    /// The cells of an admission of `key`'s device, with the device's own join request.
    static func membership(_ key: DeviceKey, member: String, name: String, team: String, role: Role, by admitter: DeviceID)
        -> [String: Value]
    {
        [
            "member": .text(member), "name": .text(name), "team": .text(team), "role": .text(role.rawValue),
            "status": .text("active"), "admitted_by": .text(admitter.hex),
            "request": .text(try! JoinRequest(key: key, name: name, team: team).token),
        ]
    }

    static func write(_ rows: [RowOp], on replica: Replica) throws {
        try replica.write { tx in
            for row in rows {
                let values = Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value) })
                if row.life != nil {
                    try tx.insert(row.table, id: row.row, values)
                } else {
                    try tx.update(row.table, id: row.row, values)
                }
            }
        }
    }

    @Test func forbiddenOperationsAreRefusedLocallyAndQuarantinedRemotely() throws {
        let clock = ManualClock()
        let (workspace, lead, member, marketer) = try GovernedWorkspace.standard(
            "rules", options: .init(wallClock: clock.wallClock))
        let marketing = try #require(marketer)
        let founder = workspace.founder
        let q3: [String: Value] = ["period": .text("2026-Q3"), "amount": .integer(1_200_000)]

        try expectRefusedEverywhere(
            "sales sets the revenue target", in: workspace, by: member, rows: [Self.insert("targets", "q3", q3)],
            reason: "sales may not write targets (only marketing)", clock: clock
        ) { try $0.write { tx in try tx.insert("targets", id: "q3", q3) } }

        let split: [String: Value] = ["rep": .text("Sara"), "amount": .integer(300_000)]
        try expectRefusedEverywhere(
            "marketing splits quota", in: workspace, by: marketing, rows: [Self.insert("quotas", "sara", split)],
            reason: "marketing may not write quotas (only sales)", clock: clock
        ) { try $0.write { tx in try tx.insert("quotas", id: "sara", split) } }

        let newcomer = DeviceKey()
        try expectRefusedEverywhere(
            "a plain member admits someone", in: workspace, by: member,
            rows: [
                Self.insert(
                    MembersTable.name, newcomer.id.hex,
                    Self.membership(
                        newcomer, member: newcomer.id.hex, name: "Nuevo", team: "sales", role: .member, by: member.id))
            ], reason: "only the founder or a lead of sales may admit or change its members", clock: clock
        ) { try $0.admit(JoinRequest(key: newcomer, name: "Nuevo", team: "sales"), team: "sales") }

        try expectRefusedEverywhere(
            "a lead admits into another team", in: workspace, by: lead,
            rows: [
                Self.insert(
                    MembersTable.name, newcomer.id.hex,
                    Self.membership(
                        newcomer, member: newcomer.id.hex, name: "Nuevo", team: "marketing", role: .member, by: lead.id))
            ], reason: "only the founder or a lead of marketing may admit or change its members", clock: clock
        ) { try $0.admit(JoinRequest(key: newcomer, name: "Nuevo", team: "marketing"), team: "marketing") }

        try expectRefusedEverywhere(
            "a lead revokes the founder", in: workspace, by: lead,
            rows: [Self.update(MembersTable.name, founder.id.hex, ["status": .text("revoked")])],
            reason: "only the founder may change the founder's membership", clock: clock
        ) { try $0.revoke(String(founder.id.hex.prefix(10))) }

        try expectRefusedEverywhere(
            "a lead moves the founder to its team", in: workspace, by: lead,
            rows: [Self.update(MembersTable.name, founder.id.hex, ["team": .text("sales")])],
            reason: "only the founder may change the founder's membership", clock: clock
        ) { try $0.write { tx in try tx.update(MembersTable.name, id: founder.id.hex, ["team": .text("sales")]) } }

        let laptop = DeviceKey()
        let asLead = Self.membership(laptop, member: member.id.hex, name: "Sara", team: "sales", role: .lead, by: member.id)
        try expectRefusedEverywhere(
            "a member adds a device as lead", in: workspace, by: member,
            rows: [Self.insert(MembersTable.name, laptop.id.hex, asLead)],
            reason: "only the founder or a lead of sales may admit or change its members", clock: clock
        ) { try $0.write { tx in try tx.insert(MembersTable.name, id: laptop.id.hex, asLead) } }

        try expectRefusedEverywhere(
            "a member revokes another member's device", in: workspace, by: marketing,
            rows: [Self.update(MembersTable.name, member.id.hex, ["status": .text("revoked")])],
            reason: "only the founder or a lead of sales may admit or change its members", clock: clock
        ) { try $0.revoke("Sara") }

        try expectRefusedEverywhere(
            "a sales lead revokes a marketing member", in: workspace, by: lead,
            rows: [Self.update(MembersTable.name, marketing.id.hex, ["status": .text("revoked")])],
            reason: "only the founder or a lead of marketing may admit or change its members", clock: clock
        ) { try $0.revoke("Mateo") }

        let note: [String: Value] = ["body": .text("marketing peeking in")]
        try expectRefusedEverywhere(
            "a marketing device writes team:sales", in: workspace, by: marketing, audience: GovernedFixtures.sales,
            rows: [Self.insert("notes", "peek", note)],
            reason: "device \(marketing.id.short) (marketing) may not write to team:sales", clock: clock
        ) { try $0.write { tx in try tx.insert("notes", id: "peek", note) } }

        let grade: [String: Value] = ["need": .text("qualified leads"), "side": .text("sales"), "letter": .text("F")]
        try expectRefusedEverywhere(
            "a grade whose side is not the writer's team", in: workspace, by: marketing,
            rows: [Self.insert("grades", "g-leads", grade)],
            reason: "grades rows written by marketing must set side to 'marketing'", clock: clock
        ) { try $0.write { tx in try tx.insert("grades", id: "g-leads", grade) } }

        let review: [String: Value] = ["verdict": .text("approved")]
        try expectRefusedEverywhere(
            "a plain member writes a leads-only table", in: workspace, by: member,
            rows: [Self.insert("reviews", "r1", review)], reason: "only lead of a team may write reviews", clock: clock
        ) { try $0.write { tx in try tx.insert("reviews", id: "r1", review) } }

        // The same people may do what their team owns: the rules refuse only the above.
        try member.replica.write { tx in try tx.insert("quotas", id: "sara", split) }
        try marketing.replica.write { tx in
            try tx.insert("targets", id: "q3", q3)
            try tx.insert(
                "grades", id: "g-leads", ["need": .text("qualified leads"), "side": .text("marketing"), "letter": .text("B")])
        }
        try lead.replica.write { tx in try tx.insert("reviews", id: "r1", review) }
        try lead.replica.admit(JoinRequest(key: newcomer, name: "Nuevo", team: "sales"), team: "sales")
        try member.replica.admit(JoinRequest(key: laptop, name: "Sara's laptop", team: "sales"))
        try founder.replica.admit(JoinRequest(key: DeviceKey(), name: "Lía", team: "sales"), team: "sales", role: .lead)

        // Everyone ends with the same verdicts and the same state.
        try workspace.syncAll()
        let everyone = workspace.devices
        let shared = try Set(everyone.map { try GovernedFixtures.quarantine(of: $0.replica, audiences: [.all]) })
        #expect(shared.count == 1, "\(shared)")
        #expect(shared.first?.count == 11, "\(shared)")
        #expect(try GovernedFixtures.quarantine(of: lead.replica) == GovernedFixtures.quarantine(of: member.replica))
        #expect(try Set(everyone.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
        #expect(try lead.replica.digest() == member.replica.digest())
        #expect(try Set(everyone.map { try $0.replica.membership()!.devices }).count == 1)
        for device in everyone { #expect(try device.replica.pendingCount() == 0, "\(device)") }
        #expect(try founder.replica.rowIDs("quotas") == ["sara"] && founder.replica.rowIDs("targets") == ["q3"])
        #expect(try lead.replica.rowIDs("notes").isEmpty)
        let devices = try #require(try founder.replica.membership()).devices
        #expect(devices[newcomer.id]?.team == "sales" && devices[laptop.id]?.member == member.id.hex)
        #expect(devices[laptop.id]?.role == .member)
        #expect(devices[founder.id]?.revoked == false && devices[founder.id]?.team == "marketing")
        #expect(devices[marketing.id]?.revoked == false && devices[member.id]?.revoked == false)
    }

    // MARK: (d) revocation

    @Test func revocationRefusesEveryCommitTheRevokerHadNotSeenWhateverTheOrder() throws {
        let clock = ManualClock()
        let (workspace, lead, member, marketer) = try GovernedWorkspace.standard(
            "revoke", options: .init(wallClock: clock.wallClock))
        let marketing = try #require(marketer)
        let founder = workspace.founder
        let sales = GovernedFixtures.sales

        // What Sara wrote and her lead saw stays; what she wrote offline while he revoked her
        // is refused (strong removal: her key may be in someone else's hands).
        clock.advance(by: 1000)
        try member.replica.write { tx in
            try tx.insert("quotas", id: "seen", ["amount": .integer(5)])
            try tx.insert("notes", id: "seen", ["body": .text("seen note")])
        }
        try workspace.deliver(from: member, to: lead)
        try member.replica.write { tx in
            try tx.insert("quotas", id: "before", ["amount": .integer(10)])
            try tx.insert("notes", id: "before", ["body": .text("offline note")])
        }
        let offline = try GovernedFixtures.commits(of: member.replica).suffix(2)
        let revoked = try lead.replica.revoke("Sara")
        #expect(revoked.map(\.device) == [member.id])
        let revocation = FeedID(device: lead.id, audience: .all)
        let revocationSeq = try lead.replica.vector()[revocation]
        try founder.replica.write { tx in try tx.insert("targets", id: "t", ["amount": .integer(5)]) }

        // Once the revocation reaches her, the API refuses her writes…
        try workspace.deliver(from: lead, to: member)
        #expect(try member.replica.membership()?.devices[member.id]?.revoked == true)
        let vector = try member.replica.vector()
        #expect {
            try member.replica.write { tx in try tx.insert("quotas", id: "after", ["amount": .integer(99)]) }
        } throws: { error in
            (error as? CuerdaError)?.code == .rejectedWrite
                && (error as? CuerdaError)?.message == "device \(member.id.short) was revoked before this commit"
        }
        #expect(try member.replica.vector() == vector)
        // …and the same writes made by a modified client are quarantined, hers first.
        let after = try GovernedFixtures.forge(
            [Self.insert("quotas", "after", ["amount": .integer(99)])], by: member.replica, clock: clock)
        let afterNote = try GovernedFixtures.forge(
            [Self.insert("notes", "after", ["body": .text("after")])], audience: sales, by: member.replica, clock: clock)
        #expect(try member.replica.ingest([after, afterNote]).quarantined == 2)
        // A commit of someone else that saw her late commits is fine.
        try workspace.deliver(from: member, to: lead)
        try lead.replica.write { tx in try tx.insert("quotas", id: "lead", ["amount": .integer(1)]) }
        try workspace.syncAll()

        let reason = "device \(member.id.short) was revoked before this commit"
        let cut =
            "device \(member.id.short) was revoked by \(lead.id.short) (\(revocation)#\(revocationSeq)), which had not seen this commit"
        var expected: Set<Fact> = [
            Fact(id: Hex.encode(after.id), audience: .all, reason: reason),
            Fact(id: Hex.encode(afterNote.id), audience: sales, reason: reason),
        ]
        for commit in offline {
            expected.insert(Fact(id: Hex.encode(commit.id), audience: try commit.decode().feed.audience, reason: cut))
        }
        #expect(try GovernedFixtures.quarantine(of: lead.replica) == expected)
        #expect(try GovernedFixtures.quarantine(of: member.replica) == expected)
        for device in [founder, marketing] {
            #expect(try GovernedFixtures.quarantine(of: device.replica) == expected.filter { $0.audience == .all })
            #expect(try device.replica.rowIDs("quotas") == ["lead", "seen"])
        }
        #expect(try lead.replica.rowIDs("notes") == ["seen"])
        #expect(try Set(workspace.devices.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
        #expect(try lead.replica.digest() == member.replica.digest())

        // Every commit, delivered to fresh replicas in shuffled orders and random chunks,
        // gets the same verdict and the same state.
        var pool: [[UInt8]: SignedCommit] = [:]
        for device in workspace.devices {
            for commit in try GovernedFixtures.commits(of: device.replica) { pool[commit.id] = commit }
        }
        let commits = pool.values.sorted { $0.id.lexicographicallyPrecedes($1.id) }
        let reference = try GovernedFixtures.quarantine(of: lead.replica)
        let digest = try lead.replica.digest()
        for seed in SeededGenerator.seeds(8, salt: 77) {
            var rng = SeededGenerator(seed: seed)
            let observer = try Replica.create(
                at: workspace.directory.file("observer-\(seed).cuerda"), workspace: founder.replica.workspace,
                schema: GovernedFixtures.schema, charter: founder.replica.charter,
                options: .init(wallClock: clock.wallClock))
            var order = commits.shuffled(using: &rng)
            while !order.isEmpty {
                let n = min(order.count, Int.random(in: 1...4, using: &rng))
                try observer.ingest(Array(order.prefix(n)))
                order.removeFirst(n)
            }
            #expect(try observer.pendingCount() == 0, "seed \(seed)")
            #expect(try GovernedFixtures.quarantine(of: observer) == reference, "seed \(seed)")
            #expect(try observer.digest() == digest, "seed \(seed): the state differs")
        }
    }

    // MARK: (g) bundles a device may not hold

    @Test func aMarketingDeviceRefusesABundleDeclaringSalesAudiences() throws {
        let (workspace, lead, member, marketer) = try GovernedWorkspace.standard("declared")
        let marketing = try #require(marketer)
        try lead.replica.write { tx in
            try tx.insert("notes", id: "n1", ["body": .text(GovernedFixtures.salesMarker)])
            try tx.insert("quotas", id: "q1", ["amount": .integer(7)])
        }
        let replica = marketing.replica
        let (vector, digest, log) = (try replica.vector(), try replica.digest(), try replica.log(limit: 10_000))
        for audiences: Set<Audience>? in [nil, [.all, GovernedFixtures.sales], [GovernedFixtures.sales]] {
            let bytes = try lead.replica.bundle(audiences: audiences)
            #expect {
                try replica.importBundle(BundleReader(bytes: bytes))
            } throws: { error in
                (error as? CuerdaError)?.code == .badBundle
                    && (error as? CuerdaError)?.message.contains("team:sales") == true
            }
        }
        // Commits handed over directly, as a sync session does, are refused the same way.
        let salesCommits = try GovernedFixtures.commits(of: lead.replica)
        #expect {
            try replica.ingest(salesCommits, within: marketing.audiences)
        } throws: { error in
            (error as? CuerdaError)?.code == .badBundle
        }
        #expect(try replica.vector() == vector && replica.digest() == digest && replica.log(limit: 10_000) == log)
        // A sales device refuses marketing-private data the same way.
        let fromFounder = try workspace.founder.replica.bundle()
        let before = try member.replica.vector()
        #expect {
            try member.replica.importBundle(BundleReader(bytes: fromFounder))
        } throws: { error in
            (error as? CuerdaError)?.code == .badBundle
        }
        #expect(try member.replica.vector() == before)
        // What it may hold passes.
        #expect(try workspace.deliver(from: lead, to: marketing).applied == 1)
        #expect(try replica.rowIDs("quotas") == ["q1"] && replica.rowIDs("notes").isEmpty)
    }

    @Test func aNewMarketingDeviceRefusesAWelcomeBundleCarryingSalesData() throws {
        let (workspace, lead, _, _) = try GovernedWorkspace.standard("welcome", marketingMember: false)
        try lead.replica.write { tx in try tx.insert("notes", id: "n1", ["body": .text(GovernedFixtures.salesMarker)]) }
        // The founder admits a marketing device; the sales lead, who holds that admission,
        // hands the new device a bundle of everything it has, sales notes included.
        let path = workspace.directory.file("newcomer.cuerda")
        let request = try Replica.joinRequest(forReplicaAt: path, name: "Nora", team: "marketing")
        try workspace.founder.replica.admit(request, team: "marketing")
        try workspace.deliver(from: workspace.founder, to: lead)
        let welcome = workspace.directory.file("welcome.bundle")
        try lead.replica.exportBundle(to: welcome)
        #expect(try BundleReader(path: welcome).header.audiences.contains(GovernedFixtures.sales))
        do {
            let (replica, report) = try Replica.create(at: path, fromBundle: welcome)
            Issue.record(
                "a marketing device started from a bundle declaring team:sales (\(report)); it holds notes \(try replica.rowIDs("notes"))"
            )
        } catch {
            #expect(error.code == .badBundle, "\(error)")
            #expect(!FileManager.default.fileExists(atPath: path), "a refused join left a replica behind")
        }
    }

    /// `teamColumn` makes a grade row belong to the side that writes it; a delete carries no
    /// cells, so the rule must not let the other side erase it.
    @Test func aSideCannotDeleteTheOtherSidesGrade() throws {
        let (workspace, _, member, marketer) = try GovernedWorkspace.standard("grade-delete")
        let marketing = try #require(marketer)
        try marketing.replica.write { tx in
            try tx.insert(
                "grades", id: "g-m", ["need": .text("fast follow-up"), "side": .text("marketing"), "letter": .text("C")])
        }
        try workspace.deliver(from: marketing, to: member)
        let vector = try member.replica.vector()
        var refused = false
        do {
            try member.replica.write { tx in try tx.delete("grades", id: "g-m") }
        } catch let error as CuerdaError {
            refused = error.code == .rejectedWrite
        }
        let unchanged = try member.replica.vector() == vector && member.replica.row("grades", id: "g-m") != nil
        #expect(refused && unchanged)
        // A modified client's delete, or take-over (its own side on the other side's row), is
        // quarantined by the other replicas.
        for op in [
            RowOp(table: "grades", row: "g-m", life: 2),
            GovernanceTests.update("grades", "g-m", ["side": .text("sales"), "letter": .text("A")]),
        ] {
            let forged = try GovernedFixtures.forge([op], by: member.replica)
            let report = try marketing.replica.ingest([forged])
            #expect(report.quarantined == 1)
            #expect(try marketing.replica.quarantine().first?.reason?.contains("belongs to marketing") == true)
            try member.replica.ingest([forged])
        }
        #expect(try marketing.replica.row("grades", id: "g-m")?["letter"] == .text("C"))
    }

    // MARK: re-admission and forks

    /// A member may add and revoke its own devices, but a device a lead revoked comes back
    /// only through a lead (or the founder): otherwise revoking a lost laptop would be undone
    /// by its owner's other device.
    @Test func onlyALeadReadmitsARevokedDevice() throws {
        let (workspace, lead, member, _) = try GovernedWorkspace.standard("readmit-own", marketingMember: false)
        let laptop = try workspace.join("Sara", team: nil, admittedBy: member)
        try workspace.syncAll()
        try lead.replica.revoke(laptop.id.short)
        try workspace.syncAll()
        let vector = try member.replica.vector()
        let error = try #require(throws: CuerdaError.self) {
            try member.replica.admit(JoinRequest(key: laptop.replica.device, name: "Sara", team: "sales"))
        }
        #expect(error.code == .rejectedWrite && error.message.contains("re-admit"), "\(error)")
        #expect(try member.replica.vector() == vector)
        let again = try lead.replica.admit(JoinRequest(key: laptop.replica.device, name: "Sara", team: "sales"), team: "sales")
        #expect(!again.revoked)
    }

    /// Plain `ingest` on a governed replica takes only what the device may hold.
    @Test func aGovernedReplicaRefusesAnotherTeamsCommitsWhateverTheEntryPoint() throws {
        let (workspace, _, member, _) = try GovernedWorkspace.standard("ingest-audience", marketingMember: false)
        try workspace.founder.replica.write { tx in
            try tx.insert("plans", id: "p", ["body": .text(GovernedFixtures.marketingMarker)])
        }
        let secret = try GovernedFixtures.commits(of: workspace.founder.replica, audiences: [GovernedFixtures.marketing])
        let before = try member.replica.digest()
        let error = try #require(throws: CuerdaError.self) { try member.replica.ingest(secret) }
        #expect(error.code == .badBundle, "\(error)")
        #expect(try member.replica.digest() == before)
    }

    @Test func aRevokedDeviceCanBeAdmittedAgain() throws {
        let (_, lead, member, _) = try GovernedWorkspace.standard("readmit", marketingMember: false)
        try lead.replica.revoke("Sara")
        #expect(try lead.replica.membership()?.active(member.id) == nil)
        let again = try lead.replica.admit(JoinRequest(key: member.replica.device, name: "Sara", team: "sales"), team: "sales")
        #expect(again.device == member.id && !again.revoked && again.team == "sales")
        #expect(try lead.replica.membership()?.active(member.id) != nil)
    }

    /// A founder's device forks (two different commits at one seq, e.g. restored from a
    /// backup): one branch admits a device, whose write then arrives. A replica that saw the
    /// write before the other branch and one that saw both branches first must agree.
    @Test func anAdmissionOnAForkedFeedGetsTheSameVerdictWhateverTheOrder() throws {
        let clock = ManualClock()
        let workspace = try GovernedWorkspace("fork", options: .init(wallClock: clock.wallClock))
        let founder = workspace.founder.replica
        let newcomer = DeviceKey()
        let admission = try GovernedFixtures.forge(
            [
                Self.insert(
                    MembersTable.name, newcomer.id.hex,
                    Self.membership(
                        newcomer, member: newcomer.id.hex, name: "Yago", team: "marketing", role: .member,
                        by: founder.device.id))
            ], by: founder, clock: clock)
        let otherBranch = try GovernedFixtures.forge(
            [Self.insert("items", "branch", ["title": .text("the other branch")])], by: founder, clock: clock)
        let content = try admission.decode()
        #expect(try otherBranch.decode().seq == content.seq)
        let write = CommitContent(
            workspace: founder.workspace, feed: FeedID(device: newcomer.id, audience: .all), seq: 1,
            hlc: Timestamp(milliseconds: clock.milliseconds, counter: 0), deps: VersionVector([content.feed: content.seq]),
            rows: [Self.insert("items", "yago", ["title": .text("written by the admitted device")])]
        ).signed(by: newcomer)

        func observer(_ name: String) throws -> Replica {
            let replica = try Replica.create(
                at: workspace.directory.file(name), workspace: founder.workspace, schema: GovernedFixtures.schema,
                charter: founder.charter, options: .init(wallClock: clock.wallClock))
            try replica.ingest(GovernedFixtures.commits(of: founder))
            return replica
        }
        let early = try observer("early.cuerda")
        try early.ingest([admission])
        try early.ingest([write])
        try early.ingest([otherBranch])
        let late = try observer("late.cuerda")
        try late.ingest([admission, otherBranch])
        try late.ingest([write])
        #expect(try early.pendingCount() == 0 && late.pendingCount() == 0)
        // The founder's commits get the same verdicts. The newcomer is admitted on a quarantined
        // branch only: the replica that saw the fork first holds its write as a stranger's; the
        // one that had applied it keeps it in the log, now quarantined. Both refuse it.
        let founderFeed = { (fact: GovernedFixtures.QuarantineFact) in fact.id != Hex.encode(write.id) }
        let sameVerdicts =
            try GovernedFixtures.quarantine(of: early).filter(founderFeed)
            == GovernedFixtures.quarantine(of: late).filter(founderFeed)
        #expect(try early.quarantine().contains { $0.id == write.id } && late.heldCount() == 1)
        let sameState = try early.digest() == late.digest()
        let (earlyItems, lateItems) = (try early.rowIDs("items"), try late.rowIDs("items"))
        // A fork rebuild judges every commit again: the write the quarantined admission allowed
        // is refused on the replica that had applied it, as on the one that never could.
        #expect(sameVerdicts && sameState, "same commits, different states: items \(earlyItems) vs \(lateItems)")
        #expect(!earlyItems.contains("yago"), "\(earlyItems)")
    }
}

// MARK: - (e) random governed schedules

/// One random schedule of a governed workspace: the founder (marketing lead), a sales lead,
/// a sales member with a second device, and sometimes a marketing member, each doing random
/// allowed and forbidden operations — writes to every table, admissions, revocations,
/// re-activations, role changes — while partial, shuffled exchanges (bundles and raw
/// batches, always within the recipient's audiences) go on. Forbidden operations are also
/// forged and injected. The whole run depends only on the seed.
struct GovernedSchedule {
    let seed: UInt64
    var rng: SeededGenerator
    let clock = ManualClock()
    let workspace: GovernedWorkspace
    var actors: [GovernedDevice]
    var counter = 0
    /// Next seq of the feeds a device writes by forging only (an audience it may not hold).
    var foreignSeq: [FeedID: UInt64] = [:]
    var stats = Stats()

    struct Stats: CustomStringConvertible {
        var accepted = 0
        var refused = 0
        var forged = 0
        var exchanges = 0
        var description: String { "accepted \(accepted), refused \(refused), forged \(forged), exchanges \(exchanges)" }
    }

    init(seed: UInt64) throws {
        self.seed = seed
        var generator = SeededGenerator(seed: seed)
        let keys = GovernedFixtures.keys(5, using: &generator)
        let marketingMember = Bool.random(using: &generator)
        rng = generator
        let (workspace, _, member, _) = try GovernedWorkspace.standard(
            "sched", marketingMember: marketingMember, options: .init(wallClock: clock.wallClock), keys: keys)
        // Sara's second device, admitted by her first one.
        try workspace.join("Sara", team: nil, admittedBy: member, key: keys[4])
        try workspace.syncAll()
        self.workspace = workspace
        actors = workspace.devices
    }

    var replay: String { "replay with CUERDA_SEED=\(seed)" }

    mutating func run(steps: Int) throws {
        for _ in 0..<steps {
            for author in actors.shuffled(using: &rng) {
                clock.advance(by: UInt64.random(in: 1...20, using: &rng))
                try operate(author)
                if Bool.random(using: &rng) { try exchange() }
            }
        }
        try workspace.syncAll()
        try check()
    }

    // MARK: Operations

    /// An operation: the rows of one commit, and how the API attempts it.
    struct Operation {
        var label: String
        var audience: Audience = .all
        var rows: [RowOp]
        /// Calls a dedicated API (admit, revoke) rather than writing the rows.
        var api: ((Replica) throws -> Void)?
    }

    mutating func next(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-\(counter)"
    }

    mutating func operation(for author: GovernedDevice) throws -> Operation {
        let replica = author.replica
        let membership = try replica.membership()!
        let me = membership.devices[author.id]!
        let otherTeam = author.team == "sales" ? "marketing" : "sales"
        let letter = Value.text(["A", "B", "C", "F"].randomElement(using: &rng)!)
        switch Int.random(in: 0..<12, using: &rng) {
        case 0:
            return Operation(
                label: "target", rows: [GovernanceTests.insert("targets", next("t"), ["amount": .integer(Int64(counter))])])
        case 1:
            return Operation(
                label: "quota", rows: [GovernanceTests.insert("quotas", next("q"), ["amount": .integer(Int64(counter))])])
        case 2:
            let id = "g\(Int.random(in: 0..<3, using: &rng))"
            let side = Value.text(Int.random(in: 0..<4, using: &rng) == 0 ? otherTeam : author.team)
            if try replica.row("grades", id: id) != nil {
                return Operation(
                    label: "regrade", rows: [GovernanceTests.update("grades", id, ["side": side, "letter": letter])])
            }
            return Operation(
                label: "grade", rows: [GovernanceTests.insert("grades", id, ["need": .text(id), "side": side, "letter": letter])])
        case 3:
            let id = "i\(Int.random(in: 0..<3, using: &rng))"
            if try replica.row("items", id: id) != nil {
                return Operation(label: "item", rows: [GovernanceTests.update("items", id, ["done": .integer(1)])])
            }
            return Operation(label: "item", rows: [GovernanceTests.insert("items", id, ["title": letter])])
        case 4:
            return Operation(
                label: "note", audience: GovernedFixtures.sales,
                rows: [GovernanceTests.insert("notes", next("n"), ["body": .text(GovernedFixtures.salesMarker)])])
        case 5:
            return Operation(
                label: "plan", audience: GovernedFixtures.marketing,
                rows: [GovernanceTests.insert("plans", next("p"), ["body": .text(GovernedFixtures.marketingMarker)])])
        case 6:
            return Operation(label: "review", rows: [GovernanceTests.insert("reviews", next("r"), ["verdict": letter])])
        case 7:  // admit a new member into a random team
            let key = GovernedFixtures.key(using: &rng)
            let team = Bool.random(using: &rng) ? author.team : otherTeam
            let role: Role = Bool.random(using: &rng) ? .member : .lead
            let name = next("guest")
            let values = GovernanceTests.membership(key, member: key.id.hex, name: name, team: team, role: role, by: author.id)
            return Operation(
                label: "admit \(team) \(role)", rows: [GovernanceTests.insert(MembersTable.name, key.id.hex, values)],
                api: membership.active(author.id) == nil
                    ? nil : { try $0.admit(JoinRequest(key: key, name: name, team: team), team: team, role: role) })
        case 8:  // another device of one's own: as the API does it, or promoted
            let key = GovernedFixtures.key(using: &rng)
            let promoted = Int.random(in: 0..<3, using: &rng) == 0
            let name = next("device")
            let values = GovernanceTests.membership(
                key, member: me.member, name: name, team: me.team, role: promoted ? .lead : me.role, by: author.id)
            return Operation(
                label: "own device\(promoted ? " as lead" : "")",
                rows: [GovernanceTests.insert(MembersTable.name, key.id.hex, values)],
                api: promoted || membership.active(author.id) == nil
                    ? nil : { try $0.admit(JoinRequest(key: key, name: name, team: me.team)) })
        case 9:  // revoke an active device (possibly oneself, or the founder)
            let active = membership.devices.values.filter { !$0.revoked }.map(\.device).sorted()
            let target = active.randomElement(using: &rng) ?? author.id
            return Operation(
                label: "revoke \(target.short)",
                rows: [GovernanceTests.update(MembersTable.name, target.hex, ["status": .text("revoked")])],
                api: { _ = try $0.revoke(String(target.hex.prefix(16))) })
        case 10:  // re-activate a revoked device
            let revoked = membership.devices.values.filter(\.revoked).map(\.device).sorted()
            guard let target = revoked.randomElement(using: &rng) else { return try operation(for: author) }
            return Operation(
                label: "re-activate \(target.short)",
                rows: [GovernanceTests.update(MembersTable.name, target.hex, ["status": .text("active")])])
        default:  // change someone's role
            let target = membership.devices.keys.sorted().randomElement(using: &rng)!
            let role: Role = Bool.random(using: &rng) ? .lead : .member
            return Operation(
                label: "role \(target.short) \(role)",
                rows: [GovernanceTests.update(MembersTable.name, target.hex, ["role": .text(role.rawValue)])])
        }
    }

    mutating func operate(_ author: GovernedDevice) throws {
        let operation = try operation(for: author)
        let replica = author.replica
        let membership = try replica.membership()!
        let expected = try Self.allowed(
            operation.rows, audience: operation.audience, by: author.id, in: membership,
            gradeSide: { try replica.row("grades", id: $0)?["side"] })
        let vector = try replica.vector()
        var refusal: String?
        do {
            if let api = operation.api { try api(replica) } else { try GovernanceTests.write(operation.rows, on: replica) }
            stats.accepted += 1
        } catch let error as CuerdaError where error.code == .rejectedWrite {
            stats.refused += 1
            refusal = error.message
            #expect(try replica.vector() == vector, "\(operation.label) by \(author): refused yet committed; \(replay)")
        }
        #expect(
            (refusal == nil) == expected,
            "\(operation.label) by \(author): the API \(refusal.map { "refused it: \($0)" } ?? "accepted it"), the rules say \(expected ? "allowed" : "forbidden"); \(replay)"
        )
        guard let refusal, Bool.random(using: &rng) else { return }
        // A modified client commits it anyway.
        stats.forged += 1
        if author.audiences.contains(operation.audience) {
            let forged = try GovernedFixtures.forge(operation.rows, audience: operation.audience, by: replica, clock: clock)
            let report = try replica.ingest([forged], within: author.audiences)
            #expect(report.quarantined == 1, "forged \(operation.label) by \(author) was not quarantined: \(report); \(replay)")
            let reason = try replica.quarantine().first { $0.id == forged.id }?.reason
            if operation.api == nil || !refusal.hasPrefix("this device is not an active member") {
                #expect(reason == refusal, "forged \(operation.label) by \(author): '\(reason ?? "")' vs '\(refusal)'; \(replay)")
            }
        } else {
            // A feed this device may not hold: handed to a device of that audience.
            let feed = FeedID(device: author.id, audience: operation.audience)
            let seq = foreignSeq[feed, default: 1]
            foreignSeq[feed] = seq + 1
            var deps = try replica.vector().restricted(to: operation.audience)
            deps[feed] = 0
            let hlc = Timestamp(milliseconds: clock.milliseconds, counter: 1)
            clock.advance(by: 1)
            let forged = CommitContent(
                workspace: replica.workspace, feed: feed, seq: seq, hlc: hlc, deps: deps, rows: operation.rows
            ).signed(by: replica.device)
            let receivers = actors.filter { $0.audiences.contains(operation.audience) }
            let receiver = receivers.randomElement(using: &rng)!
            try receiver.replica.ingest([forged], within: receiver.audiences)
        }
    }

    /// The rules as the brief states them, written independently of `Governance`.
    /// - Parameter gradeSide: the side of a grade row as the writer's replica holds it.
    static func allowed(
        _ rows: [RowOp], audience: Audience, by writer: DeviceID, in m: Membership, gradeSide: (String) throws -> Value?
    ) throws -> Bool {
        let founder = writer == m.charter.founder
        let record = m.active(writer)
        guard founder || record != nil else { return false }
        if let team = audience.teamName, record?.team != team { return false }
        for row in rows {
            let cells = Dictionary(uniqueKeysWithValues: row.cells.map { ($0.column, $0.value) })
            switch row.table {
            case MembersTable.name:
                guard let target = try? DeviceID(hex: row.row) else { return false }
                let old = m.devices[target]
                func text(_ column: String) -> String? {
                    if case .text(let value)? = cells[column] { return value }
                    return nil
                }
                // An admission carries the device's own request; nothing else does. The founder's
                // own record needs none (the charter binds the workspace to its key).
                let admission = old == nil || (old?.revoked == true && (text("status") ?? "revoked") == "active")
                let needsRequest = admission && target != m.charter.founder
                if needsRequest != (text("request") != nil) { return false }
                if founder { continue }
                guard let me = record, target != m.charter.founder else { return false }
                let team = text("team") ?? old?.team
                let member = text("member") ?? old?.member
                let role = text("role").flatMap(Role.init(rawValue:)) ?? old?.role
                let asLead = me.role == .lead && team == me.team && (old == nil || old?.team == me.team)
                let ownDevice =
                    member == me.member && team == me.team && role.map { $0 <= me.role } == true
                    && (old == nil || old?.member == me.member)
                // A revoked device comes back only through a lead, never through its owner alone.
                let reactivating = old?.revoked == true && (text("status") ?? "revoked") == "active"
                if !asLead && (!ownDevice || reactivating) { return false }
            case "targets": if record?.team != "marketing" { return false }
            case "quotas": if record?.team != "sales" { return false }
            case "reviews": if record?.role != .lead { return false }
            case "grades":
                // Each side writes its own rows, and never takes over or deletes the other's.
                guard let record, cells["side"] == .text(record.team) else { return false }
                if let side = try gradeSide(row.row), side != .text(record.team) { return false }
            default: continue
            }
        }
        return true
    }

    // MARK: Exchanges

    /// One partial exchange between two actors, within what the recipient may hold: a
    /// bundle that skips some feeds or repeats some commits, or a shuffled random subset.
    mutating func exchange() throws {
        let source = actors.randomElement(using: &rng)!
        let target = actors.randomElement(using: &rng)!
        guard source.replica !== target.replica else { return }
        stats.exchanges += 1
        if Bool.random(using: &rng) {
            var since = try target.replica.vector()
            for (feed, seq) in try source.replica.vector().sorted {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: since[feed] = seq  // skipped: later commits wait for it
                case 1: since[feed] = UInt64.random(in: 0...since[feed], using: &rng)  // resent
                default: break
                }
            }
            let bytes = try source.replica.bundle(since: since, audiences: target.audiences)
            try target.replica.importBundle(BundleReader(bytes: bytes))
        } else {
            let commits = try GovernedFixtures.commits(of: source.replica, audiences: target.audiences)
            let subset = commits.filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }.shuffled(using: &rng)
            try target.replica.ingest(subset + subset.prefix(2), within: target.audiences)
        }
    }

    // MARK: The end

    func check() throws {
        let teams = Dictionary(grouping: actors, by: \.team)
        for actor in actors {
            #expect(try actor.replica.pendingCount() == 0, "\(actor) has pending commits; \(replay)")
            let foreign = try actor.replica.log(limit: Int(Int32.max)).filter { !actor.audiences.contains($0.feed.audience) }
            #expect(foreign.isEmpty, "\(actor) holds \(foreign.count) commits of another team; \(replay)")
        }
        let quarantines = try actors.map { try GovernedFixtures.quarantine(of: $0.replica, audiences: [.all]) }
        let everywhere = quarantines.dropFirst().reduce(quarantines[0]) { $0.intersection($1) }
        let differences = zip(actors, quarantines).map { "\($0): \($1.subtracting(everywhere).sorted { $0.id < $1.id })" }
        #expect(Set(quarantines).count == 1, "quarantines of `all` differ: \(differences); \(replay)")
        let digests = try Set(actors.map { try $0.replica.digest(audiences: [.all]) })
        #expect(digests.count == 1, "digests of `all` differ; \(replay)")
        let memberships = try Set(actors.map { try $0.replica.membership()!.devices })
        #expect(memberships.count == 1, "memberships differ; \(replay)")
        for (team, devices) in teams {
            let quarantines = try Set(devices.map { try GovernedFixtures.quarantine(of: $0.replica) })
            #expect(quarantines.count == 1, "\(team) quarantines differ: \(quarantines); \(replay)")
            #expect(try Set(devices.map { try $0.replica.digest() }).count == 1, "\(team) digests differ; \(replay)")
        }
        #expect(stats.accepted > 0 && stats.refused > 0, "\(stats); \(replay)")
    }
}

extension GovernanceTests {
    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(30), salt: 0x60_7E_42))
    func randomGovernedSchedulesConverge(seed: UInt64) throws {
        var schedule = try GovernedSchedule(seed: seed)
        try schedule.run(steps: 6)
    }

    // MARK: (f) team-private data stays with its team

    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(4), salt: 0x5EC12E7))
    func privateDataNeverReachesTheOtherTeamInFilesOrBundles(seed: UInt64) throws {
        var schedule = try GovernedSchedule(seed: seed)
        // Both teams write private data, then everything is exchanged at random.
        for actor in schedule.actors {
            try actor.replica.write { tx in
                if actor.team == "sales" {
                    try tx.insert("notes", id: "secret-\(actor.id.short)", ["body": .text(GovernedFixtures.salesMarker)])
                } else {
                    try tx.insert("plans", id: "secret-\(actor.id.short)", ["body": .text(GovernedFixtures.marketingMarker)])
                }
            }
        }
        try schedule.run(steps: 3)
        let replay = schedule.replay
        let marker = ["sales": GovernedFixtures.salesMarker, "marketing": GovernedFixtures.marketingMarker]
        for actor in schedule.actors {
            // The replica's files, as bytes: the commit log and the tables alike.
            var bytes: [UInt8] = []
            for suffix in ["", "-wal", "-shm"] {
                bytes += FileManager.default.contents(atPath: actor.replica.path + suffix).map(Array.init) ?? []
            }
            for (team, text) in marker {
                let found = Self.contains(bytes, Array(text.utf8))
                #expect(found == (team == actor.team), "\(actor): \(team)'s marker \(found ? "found" : "missing"); \(replay)")
            }
            // Every bundle a device of this team exports for a device of the other team.
            let otherTeam = actor.team == "sales" ? "marketing" : "sales"
            let forbidden = try Audience.team(actor.team)
            for since in [VersionVector(), try actor.replica.vector()] {
                let reader = try BundleReader(
                    bytes: actor.replica.bundle(since: since, audiences: GovernedFixtures.audiences(ofTeam: otherTeam)))
                #expect(!reader.header.audiences.contains(forbidden), "\(reader.header.audiences); \(replay)")
                var count = 0
                try reader.forEachBatch { batch throws(CuerdaError) in
                    for commit in batch {
                        let content = try commit.decode()
                        count += 1
                        #expect(
                            content.feed.audience != forbidden, "\(actor) exported \(content.feed) for \(otherTeam); \(replay)")
                        for row in content.rows { #expect(row.table != (actor.team == "sales" ? "notes" : "plans")) }
                    }
                }
                #expect(UInt64(count) == reader.header.commitCount)
            }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}

import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// The attacks a modified client can make, one named test each, and a seeded adversarial
/// suite: honest replicas and hostile members, leads and strangers signing whatever they like.
/// Every honest replica must end in the same state, and an independent model of the rules
/// must find nothing forbidden in it.
@Suite struct HostileClientTests {
    typealias Fact = GovernedFixtures.QuarantineFact

    /// The standard workspace plus Hugo, a sales member whose key a `HostileClient` holds.
    static func workspaceWithHostileMember(_ label: String, clock: ManualClock = ManualClock()) throws -> (
        GovernedWorkspace, hugo: HostileClient, lead: GovernedDevice, member: GovernedDevice, marketer: GovernedDevice
    ) {
        let (workspace, lead, member, marketer) = try GovernedWorkspace.standard(
            label, options: .init(wallClock: clock.wallClock))
        let key = DeviceKey()
        try workspace.join("Hugo", team: "sales", admittedBy: lead, key: key)
        try workspace.syncAll()
        return (workspace, HostileClient(key: key, workspace: workspace.founder.replica.workspace), lead, member, marketer!)
    }

    static func honest(_ workspace: GovernedWorkspace, but hostile: DeviceID) -> [GovernedDevice] {
        workspace.devices.filter { $0.id != hostile }
    }

    /// Offers commits to every honest device that may hold them, then syncs them all.
    static func spread(_ commits: [SignedCommit], in workspace: GovernedWorkspace, honest: [GovernedDevice]) throws {
        for device in honest {
            let mine = try commits.filter { device.audiences.contains(try $0.decode().feed.audience) }
            _ = try device.replica.ingest(mine, within: device.audiences)
        }
        try workspace.syncAll(honest)
    }

    @Test func aMemberCannotRevokeOrMoveAnotherTeamsDevice() throws {
        let (workspace, hugo, lead, _, marketer) = try Self.workspaceWithHostileMember("move")
        let honest = Self.honest(workspace, but: hugo.id)
        let founder = workspace.founder
        let before = try founder.replica.membership()!.devices
        let view = founder.replica
        let newest = try view.log(limit: 10_000).map(\.hlc).max() ?? .zero
        let attacks: [[RowOp]] = [
            [HostileClient.update(MembersTable.name, marketer.id.hex, ["status": .text("revoked")])],
            [HostileClient.update(MembersTable.name, marketer.id.hex, ["team": .text("sales")])],
            [HostileClient.update(MembersTable.name, founder.id.hex, ["role": .text("member")])],
            [HostileClient.update(MembersTable.name, lead.id.hex, ["member": .text(hugo.id.hex)])],
            [HostileClient.update(MembersTable.name, hugo.id.hex, ["role": .text("lead")])],
        ]
        var forged: [SignedCommit] = []
        for rows in attacks {
            // Once as a client that saw the target, once claiming it never did (the target
            // "unseen" used to count as a new device whose cells then won).
            forged.append(try hugo.commit(rows, seeing: view))
            forged.append(hugo.commit(rows, deps: VersionVector(), after: newest))
        }
        try Self.spread(forged, in: workspace, honest: honest)
        for device in honest {
            #expect(try device.replica.membership()!.devices == before, "\(device)")
            let quarantined = try Set(device.replica.quarantine(limit: 1000).map(\.id))
            #expect(forged.allSatisfy { quarantined.contains($0.id) }, "\(device)")
        }
        #expect(try Set(honest.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
    }

    @Test func aRevokedDeviceCannotAdmitAFreshKeyByDroppingItsRevocation() throws {
        let clock = ManualClock()
        let (workspace, hugo, lead, _, _) = try Self.workspaceWithHostileMember("revoked", clock: clock)
        let honest = Self.honest(workspace, but: hugo.id)
        // Hugo writes once, his lead sees it and revokes him.
        let seen = try hugo.commit([HostileClient.insert("items", "hm-seen", ["title": .text("seen")])], seeing: lead.replica)
        try Self.spread([seen], in: workspace, honest: honest)
        clock.advance(by: 1000)
        try lead.replica.revoke(String(hugo.id.hex.prefix(16)))
        try workspace.syncAll(honest)
        // His modified client goes on as if it never heard: same deps as before, a fresh key
        // admitted as his own device with a genuine request, and that key writes.
        let fresh = DeviceKey()
        let request = HostileClient.request(for: fresh, team: "sales")
        let deps = try seen.decode().deps
        let admission = hugo.commit(
            [
                HostileClient.admission(
                    of: fresh.id, member: hugo.id.hex, team: "sales", role: .member, by: hugo.id, request: request)
            ], deps: deps)
        let freshClient = HostileClient(key: fresh, workspace: hugo.workspace)
        let write = freshClient.commit(
            [HostileClient.insert("items", "st-fresh", ["title": .text("written by the fresh key")])],
            deps: deps.merging(VersionVector([try admission.decode().feed: 2])), after: try admission.decode().hlc)
        // Delivered in both orders to different devices.
        try workspace.founder.replica.ingest([admission, write], within: workspace.founder.audiences)
        try lead.replica.ingest([write], within: lead.audiences)
        try lead.replica.ingest([admission], within: lead.audiences)
        try workspace.syncAll(honest)
        for device in honest {
            let replica = device.replica
            #expect(try replica.membership()!.devices[fresh.id] == nil, "\(device) admitted the fresh key")
            #expect(try replica.audiences(visibleTo: fresh.id) == nil, "\(device) would let the fresh key in over TLS")
            #expect(try replica.rowIDs("items").contains("hm-seen") && !replica.rowIDs("items").contains("st-fresh"))
            let reason = try replica.quarantine(limit: 100).first { $0.id == admission.id }?.reason ?? ""
            #expect(reason.hasPrefix("device \(hugo.id.short) was revoked by \(lead.id.short)"), "\(device): \(reason)")
        }
        #expect(try Set(honest.map { try $0.replica.digest(audiences: [.all]) }).count == 1)

        // Once it admits the revocation, it cannot drop it again from its deps.
        let acknowledged = try hugo.commit([HostileClient.insert("items", "hm-ack", [:])], seeing: lead.replica)
        let dropped = hugo.commit([HostileClient.insert("items", "hm-drop", [:])], deps: deps)
        try lead.replica.ingest([acknowledged, dropped], within: lead.audiences)
        let reasons = try Dictionary(uniqueKeysWithValues: lead.replica.quarantine(limit: 100).map { ($0.id, $0.reason ?? "") })
        #expect(reasons[acknowledged.id] == "device \(hugo.id.short) was revoked before this commit")
        #expect(reasons[dropped.id] == "its dependencies drop some of its feed's previous commit's", "\(reasons[dropped.id] ?? "")")
    }

    @Test func aMemberCannotRegisterDevicesWithoutTheirKeys() throws {
        let (workspace, hugo, lead, member, _) = try Self.workspaceWithHostileMember("register")
        let honest = Self.honest(workspace, but: hugo.id)
        let before = try lead.replica.membership()!.devices
        let someoneElse = DeviceKey()
        let many = (0..<1000).map { _ in
            HostileClient.admission(of: DeviceKey().id, member: hugo.id.hex, team: "sales", role: .member, by: hugo.id, request: nil)
        }
        let wrongKey = HostileClient.admission(
            of: DeviceKey().id, member: hugo.id.hex, team: "sales", role: .member, by: hugo.id,
            request: HostileClient.request(for: someoneElse, team: "sales"))
        let otherTeam = DeviceKey()
        let wrongTeam = HostileClient.admission(
            of: otherTeam.id, member: hugo.id.hex, team: "sales", role: .member, by: hugo.id,
            request: HostileClient.request(for: otherTeam, team: "marketing"))
        let forged = [
            try hugo.commit(many, seeing: lead.replica), try hugo.commit([wrongKey], seeing: lead.replica),
            try hugo.commit([wrongTeam], seeing: lead.replica),
        ]
        try Self.spread(forged, in: workspace, honest: honest)
        for device in honest { #expect(try device.replica.membership()!.devices == before, "\(device)") }
        let reasons = try member.replica.quarantine(limit: 100).map { $0.reason ?? "" }
        #expect(reasons.contains { $0.hasPrefix("admitting device") && $0.hasSuffix("needs its own join request") })
        #expect(reasons.contains { $0.hasSuffix("is not that device's") })
        #expect(reasons.contains { $0.contains("asked to join marketing, not sales") })

        // The control: his own device, with that device's own request, is let in.
        let own = DeviceKey()
        let genuine = try hugo.commit(
            [
                HostileClient.admission(
                    of: own.id, member: hugo.id.hex, team: "sales", role: .member, by: hugo.id,
                    request: HostileClient.request(for: own, team: "sales"))
            ], seeing: lead.replica)
        try Self.spread([genuine], in: workspace, honest: honest)
        for device in honest { #expect(try device.replica.membership()!.active(own.id)?.member == hugo.id.hex, "\(device)") }
    }

    @Test func aJoinRequestAdmitsOnce() throws {
        let clock = ManualClock()
        let (workspace, hugo, lead, _, _) = try Self.workspaceWithHostileMember("once", clock: clock)
        let honest = Self.honest(workspace, but: hugo.id)
        let newcomer = DeviceKey()
        let request = HostileClient.request(for: newcomer, team: "sales")
        try lead.replica.admit(request, team: "sales")
        try lead.replica.revoke(String(newcomer.id.hex.prefix(16)))
        // The lead's own replica refuses to use it again…
        #expect {
            try lead.replica.admit(request, team: "sales")
        } throws: { error in
            (error as? CuerdaError)?.code == .rejectedWrite && "\(error)".contains("already used")
        }
        try workspace.syncAll(honest)
        // …and a member replaying it (it is in the members table for all to read) is refused.
        let replay = try hugo.commit(
            [
                HostileClient.update(
                    MembersTable.name, newcomer.id.hex, ["status": .text("active"), "request": .text(request.token)])
            ], seeing: lead.replica)
        // Expired, and bound to another workspace: refused too, even by the founder's authority.
        let late = DeviceKey()
        let expired = HostileClient.request(for: late, team: "sales", expires: clock.milliseconds - 1)
        let elsewhere = DeviceKey()
        let bound = HostileClient.request(for: elsewhere, team: "sales", workspace: try WorkspaceID(bytes: Array(repeating: 7, count: 16)))
        let founder = workspace.founder
        let forgedByFounder = [
            try GovernedFixtures.forge(
                [HostileClient.admission(of: late.id, member: late.id.hex, team: "sales", role: .member, by: founder.id, request: expired)],
                by: founder.replica, clock: clock),
        ]
        // A lead of sales may re-admit, but not with a used request.
        let leadReplay = try GovernedFixtures.forge(
            [
                HostileClient.update(
                    MembersTable.name, newcomer.id.hex, ["status": .text("active"), "request": .text(request.token)])
            ], by: lead.replica, clock: clock)
        try Self.spread([replay, leadReplay], in: workspace, honest: honest)
        try founder.replica.ingest(forgedByFounder)
        #expect {
            try founder.replica.admit(bound, team: "sales")
        } throws: { error in (error as? CuerdaError)?.code == .rejectedWrite }
        try workspace.syncAll(honest)
        for device in honest {
            let membership = try device.replica.membership()!
            #expect(membership.devices[newcomer.id]?.revoked == true, "\(device)")
            #expect(membership.devices[late.id] == nil && membership.devices[elsewhere.id] == nil, "\(device)")
        }
        let reasons = try lead.replica.quarantine(limit: 100).map { $0.reason ?? "" }
        #expect(reasons.contains { $0.contains("was already used") } && reasons.contains { $0.contains("has expired") }, "\(reasons)")
    }

    @Test func strangersJunkFeedsCostNothingAndAreNotRelayed() throws {
        let (workspace, hugo, lead, member, _) = try Self.workspaceWithHostileMember("junk")
        let honest = Self.honest(workspace, but: hugo.id)
        let founder = workspace.founder.replica
        let vector = try founder.vector()
        let digest = try founder.digest()
        // Thousands of empty commits from throwaway keys, and one key signing hundreds.
        var junk: [SignedCommit] = []
        for _ in 0..<300 {
            let stranger = HostileClient(workspace: founder.workspace)
            for _ in 0..<10 { junk.append(stranger.commit([])) }
        }
        let loud = HostileClient(workspace: founder.workspace)
        for _ in 0..<400 { junk.append(loud.commit([HostileClient.insert("items", "st-\(junk.count)", [:])])) }
        // Hugo, a member, carries them in a bundle he signs.
        let report = try founder.importBundle(BundleReader(bytes: hugo.bundle(junk)))
        #expect(report.applied == 0 && report.quarantined == 0 && report.held > 0, "\(report)")
        #expect(try founder.heldCount() <= 4096, "the hold is bounded")
        #expect(try founder.vector() == vector, "junk feeds entered the vector (and every hello)")
        #expect(try founder.digest() == digest)
        #expect(try founder.log(limit: 100_000).count == founder.log(limit: 100_000).filter { !junk.map(\.id).contains($0.id) }.count)
        // Nothing of it is relayed.
        try workspace.syncAll(honest)
        for device in [lead, member] {
            #expect(try device.replica.heldCount() == 0 && device.replica.vector() == vector.filtered(to: device.audiences))
        }
    }

    @Test func upperCaseHexIsRefusedSoOneDeviceHasOneRow() throws {
        #expect(Hex.decode("ab01") == [0xab, 0x01] && Hex.decode("AB01") == nil && Hex.decode("aB01") == nil)
        let (workspace, hugo, lead, member, _) = try Self.workspaceWithHostileMember("hex")
        let honest = Self.honest(workspace, but: hugo.id)
        #expect(throws: CuerdaError.self) { try DeviceID(hex: member.id.hex.uppercased()) }
        let before = try lead.replica.membership()!.devices
        let second = try hugo.commit(
            [HostileClient.update(MembersTable.name, member.id.hex.uppercased(), ["status": .text("revoked")])],
            seeing: lead.replica)
        try Self.spread([second], in: workspace, honest: honest)
        for device in honest { #expect(try device.replica.membership()!.devices == before) }
        #expect(try lead.replica.quarantine().first { $0.id == second.id }?.reason == "a membership row's ID must be a device ID")

        // The same bundle imported in batches of any size gives the same state.
        let bytes = try lead.replica.bundle(audiences: lead.audiences)
        var digests: Set<String> = []
        for size in [1, 3, 1000] {
            let replica = try Replica.create(
                at: workspace.directory.file("batch-\(size).cuerda"), workspace: lead.replica.workspace,
                schema: GovernedFixtures.schema, charter: lead.replica.charter)
            try replica.importBundle(BundleReader(bytes: bytes), batchSize: size)
            digests.insert(try replica.digest())
        }
        #expect(digests.count == 1, "\(digests)")
    }

    @Test func aFreshFeedCannotBeStampedBeforeItsAdmission() throws {
        let (workspace, hugo, lead, _, _) = try Self.workspaceWithHostileMember("stamp")
        let honest = Self.honest(workspace, but: hugo.id)
        let deps = try lead.replica.vector().restricted(to: GovernedFixtures.sales).filtered(to: lead.audiences)
        let backdated = hugo.commit(
            [HostileClient.insert("notes", "hm-old", ["body": .text("backdated")])], audience: GovernedFixtures.sales,
            hlc: Timestamp(milliseconds: 1_000, counter: 0), deps: deps)
        try Self.spread([backdated], in: workspace, honest: honest)
        let reason = try lead.replica.quarantine().first { $0.id == backdated.id }?.reason ?? ""
        #expect(reason.hasPrefix("timestamp") && reason.contains("is not later than its dependency"), "\(reason)")
        #expect(try !lead.replica.rowIDs("notes").contains("hm-old"))
    }

    @Test func mutualRevocationsBothHold() throws {
        let (workspace, lead, _, _) = try GovernedWorkspace.standard("mutual", marketingMember: false)
        let other = try workspace.join("Lena", team: "sales", role: .lead, admittedBy: workspace.founder)
        try workspace.syncAll()
        // Offline, each lead revokes the other.
        try lead.replica.revoke(String(other.id.hex.prefix(16)))
        try other.replica.revoke(String(lead.id.hex.prefix(16)))
        try workspace.syncAll()
        let reference = try workspace.founder.replica.membership()!
        #expect(reference.devices[lead.id]?.revoked == true && reference.devices[other.id]?.revoked == true)
        #expect(try Set(workspace.devices.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
        // Any arrival order gives the same verdicts.
        var pool: [[UInt8]: SignedCommit] = [:]
        for device in workspace.devices {
            for commit in try GovernedFixtures.commits(of: device.replica, audiences: [.all]) { pool[commit.id] = commit }
        }
        let commits = pool.values.sorted { $0.id.lexicographicallyPrecedes($1.id) }
        for seed in SeededGenerator.seeds(6, salt: 0x307) {
            var rng = SeededGenerator(seed: seed)
            let observer = try Replica.create(
                at: workspace.directory.file("observer-\(seed).cuerda"), workspace: workspace.founder.replica.workspace,
                schema: GovernedFixtures.schema, charter: workspace.founder.replica.charter)
            for commit in commits.shuffled(using: &rng) { try observer.ingest([commit], within: [.all]) }
            #expect(try observer.membership()!.devices == reference.devices, "seed \(seed)")
            #expect(try observer.digest(audiences: [.all]) == workspace.founder.replica.digest(audiences: [.all]), "seed \(seed)")
        }
    }
}

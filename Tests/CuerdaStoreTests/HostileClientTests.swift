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
        #expect(
            reasons[dropped.id] == "its dependencies drop some of its feed's previous commit's", "\(reasons[dropped.id] ?? "")")
    }

    @Test func aMemberCannotRegisterDevicesWithoutTheirKeys() throws {
        let (workspace, hugo, lead, member, _) = try Self.workspaceWithHostileMember("register")
        let honest = Self.honest(workspace, but: hugo.id)
        let before = try lead.replica.membership()!.devices
        let someoneElse = DeviceKey()
        let many = (0..<1000).map { _ in
            HostileClient.admission(
                of: DeviceKey().id, member: hugo.id.hex, team: "sales", role: .member, by: hugo.id, request: nil)
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
        let bound = HostileClient.request(
            for: elsewhere, team: "sales", workspace: try WorkspaceID(bytes: Array(repeating: 7, count: 16)))
        let founder = workspace.founder
        let forgedByFounder = [
            try GovernedFixtures.forge(
                [
                    HostileClient.admission(
                        of: late.id, member: late.id.hex, team: "sales", role: .member, by: founder.id, request: expired)
                ],
                by: founder.replica, clock: clock)
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
        #expect(
            reasons.contains { $0.contains("was already used") } && reasons.contains { $0.contains("has expired") }, "\(reasons)")
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
        #expect(
            try founder.log(limit: 100_000).count == founder.log(limit: 100_000).filter { !junk.map(\.id).contains($0.id) }.count)
        // Nothing of it is relayed.
        try workspace.syncAll(honest)
        for device in [lead, member] {
            #expect(try device.replica.heldCount() == 0 && device.replica.vector() == vector.filtered(to: device.audiences))
        }
    }

    @Test func thePendingAreaIsBoundedAndRefills() throws {
        let (workspace, hugo, lead, _, _) = try Self.workspaceWithHostileMember("pending")
        let replica = lead.replica
        let deps = try replica.vector().restricted(to: .all)
        let newest = try replica.log(limit: 1000).map(\.hlc).max()!
        let first = hugo.commit([HostileClient.insert("items", "hm-1", [:])], seq: 1, deps: deps, after: newest)
        // Far more commits than the bound, each waiting for the one before: seq 1 withheld.
        let flood = (2...10_300).map { n in
            hugo.commit([HostileClient.insert("items", "hm-\(n)", [:])], seq: UInt64(n), deps: deps)
        }
        for chunk in stride(from: 0, to: flood.count, by: 2_000) {
            try replica.ingest(Array(flood[chunk..<min(chunk + 2_000, flood.count)]), within: lead.audiences)
        }
        #expect(try replica.pendingCount() == 10_000, "the pending area grew past its bound")
        // The gap filled, what was kept applies; the dropped rest comes with the next exchange.
        let report = try replica.ingest([first], within: lead.audiences)
        #expect(report.applied == 10_001 && report.pending == 0, "\(report)")
        try replica.ingest(Array(flood.suffix(299)), within: lead.audiences)
        #expect(try replica.vector()[FeedID(device: hugo.id, audience: .all)] == 10_300)
        _ = workspace
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

    @Test func aRevokedLeadsKeyCannotGoOnRevokingItsTeam() throws {
        let (workspace, lead, member, _) = try GovernedWorkspace.standard("stolen", marketingMember: false)
        // The founder revokes the sales lead; the lead's key, as if it never heard, revokes Sara.
        try workspace.founder.replica.revoke(String(lead.id.hex.prefix(16)))
        try lead.replica.revoke("Sara")
        let revocation = try GovernedFixtures.commits(of: lead.replica, audiences: [.all]).last!
        try workspace.syncAll()
        for device in workspace.devices {
            let membership = try device.replica.membership()!
            #expect(membership.devices[lead.id]?.revoked == true, "\(device)")
            #expect(membership.active(member.id) != nil, "\(device): a revoked lead's key revoked Sara")
            let reason = try device.replica.quarantine().first { $0.id == revocation.id }?.reason ?? ""
            #expect(
                reason.hasPrefix("device \(lead.id.short) was revoked by \(workspace.founder.id.short)"), "\(device): \(reason)")
        }
        // Sara keeps working.
        try member.replica.write { tx in try tx.insert("quotas", id: "after", ["amount": .integer(3)]) }
        try workspace.syncAll()
        #expect(try workspace.founder.replica.rowIDs("quotas").contains("after"))
        #expect(try Set(workspace.devices.map { try $0.replica.digest(audiences: [.all]) }).count == 1)
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

// MARK: - The adversarial suite

/// One seeded schedule: four honest devices (the founder, a sales lead, a sales member, a
/// marketing member) write through the API and exchange partial, shuffled, duplicated
/// bundles and batches, while hostile clients sign whatever they like — Hugo, a sales
/// member; sometimes Lena, a sales lead; and a stranger — with any table, membership change,
/// `deps` subset, sequence number (forks, gaps) and timestamp. An honest lead or the founder
/// may revoke Hugo along the way. The run depends only on the seed.
struct HostileSchedule {
    let seed: UInt64
    var rng: SeededGenerator
    let clock = ManualClock()
    let workspace: GovernedWorkspace
    let honest: [GovernedDevice]
    let hugo: HostileClient
    let lena: HostileClient?
    let stranger: HostileClient
    /// The honest records as set up: only an authority may change them.
    let initial: [DeviceID: DeviceMembership]
    /// Devices the hostile clients admitted with the device's own, genuine request.
    var genuine: [DeviceID: [(by: DeviceID, team: String)]] = [:]
    /// Every join request a hostile client made, to replay later.
    var requests: [JoinRequest] = []
    /// Where Hugo's revocation cut his `all` feed, once an honest authority revoked him.
    var revocation: (by: DeviceID, limit: UInt64)?
    var counter = 0
    var forged = 0

    var replay: String { "replay with CUERDA_SEED=\(seed)" }

    init(seed: UInt64) throws {
        self.seed = seed
        var generator = SeededGenerator(seed: seed)
        let keys = GovernedFixtures.keys(7, using: &generator)
        let withLena = Bool.random(using: &generator)
        rng = generator
        let (workspace, lead, _, _) = try GovernedWorkspace.standard(
            "hostile", options: .init(wallClock: clock.wallClock), keys: Array(keys.prefix(4)))
        try workspace.join("Hugo", team: "sales", admittedBy: lead, key: keys[4])
        if withLena { try workspace.join("Lena", team: "sales", role: .lead, admittedBy: workspace.founder, key: keys[5]) }
        try workspace.syncAll()
        self.workspace = workspace
        let id = workspace.founder.replica.workspace
        hugo = HostileClient(key: keys[4], workspace: id)
        lena = withLena ? HostileClient(key: keys[5], workspace: id) : nil
        stranger = HostileClient(key: keys[6], workspace: id)
        let hostile: Set<DeviceID> = [keys[4].id, keys[5].id]
        honest = workspace.devices.filter { !hostile.contains($0.id) }
        initial = try workspace.founder.replica.membership()!.devices.filter { !hostile.contains($0.key) }
    }

    mutating func next(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-\(counter)"
    }

    mutating func run(steps: Int) throws {
        for _ in 0..<steps {
            for device in honest.shuffled(using: &rng) {
                clock.advance(by: UInt64.random(in: 1...20, using: &rng))
                try honestWrite(device)
                if Int.random(in: 0..<3, using: &rng) == 0 { try exchange() }
            }
            for client in [hugo, lena, stranger].compactMap({ $0 }) {
                for _ in 0..<Int.random(in: 1...3, using: &rng) { try attack(by: client) }
            }
            if revocation == nil, Int.random(in: 0..<6, using: &rng) == 0 { try revokeHugo() }
        }
        // Files first, then syncs: a fork whose branches two replicas hold with equal numbers
        // shows only in a sync's tips (a file carries the forks its sender already knows).
        try workspace.syncAll(honest)
        try workspace.syncAllAsTCP(honest)
        try check()
    }

    // MARK: Honest work

    mutating func honestWrite(_ device: GovernedDevice) throws {
        let id = next("ok")
        try device.replica.write { tx in
            switch device.team {
            case "sales": try tx.insert("quotas", id: id, ["amount": .integer(Int64(counter))])
            default: try tx.insert("targets", id: id, ["amount": .integer(Int64(counter))])
            }
            try tx.insert("items", id: id, ["title": .text(device.name)])
        }
    }

    /// An honest authority revokes Hugo: the founder (who cannot see sales feeds) or his lead.
    mutating func revokeHugo() throws {
        let revoker = Bool.random(using: &rng) ? workspace.founder : honest.first { $0.team == "sales" && $0.role == .lead }!
        guard try revoker.replica.membership()!.active(hugo.id) != nil else { return }
        try revoker.replica.revoke(String(hugo.id.hex.prefix(16)))
        let mine = try GovernedFixtures.commits(of: revoker.replica, audiences: [.all]).last!.decode()
        revocation = (revoker.id, mine.deps[FeedID(device: hugo.id, audience: .all)])
    }

    mutating func exchange() throws {
        let source = honest.randomElement(using: &rng)!
        let target = honest.randomElement(using: &rng)!
        guard source.replica !== target.replica else { return }
        let commits = try GovernedFixtures.commits(of: source.replica, audiences: target.audiences)
        let subset = commits.filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }.shuffled(using: &rng)
        if Bool.random(using: &rng) {
            try target.replica.ingest(subset + subset.prefix(2), within: target.audiences)
        } else {
            try workspace.deliver(from: source, to: target)
        }
    }

    // MARK: Attacks

    /// One crafted commit by `client`, handed to one or two honest devices that may hold it.
    mutating func attack(by client: HostileClient) throws {
        forged += 1
        let prefix = client === stranger ? "st" : client === hugo ? "hm" : "hl"
        let view = honest.filter { $0.team == "sales" }.randomElement(using: &rng)!.replica
        var audience: Audience = .all
        var rows: [RowOp]
        let victims = initial.keys.sorted()
        let victim = victims.randomElement(using: &rng)!
        switch Int.random(in: 0..<10, using: &rng) {
        case 0:  // revoke, move or promote someone
            let change: [String: Value] = [
                ["status": .text("revoked")], ["team": .text("sales")], ["team": .text("marketing")],
                ["role": .text("lead")], ["member": .text(client.id.hex)], ["status": .text("active")],
            ].randomElement(using: &rng)!
            rows = [HostileClient.update(MembersTable.name, victim.hex, change)]
        case 1, 2:  // admit a device: own or anyone's, genuine, borrowed, replayed or missing request
            let key = GovernedFixtures.key(using: &rng)
            let team = Bool.random(using: &rng) ? "sales" : "marketing"
            let request: JoinRequest? =
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: nil
                case 1: requests.randomElement(using: &rng)
                default: HostileClient.request(for: key, team: team)
                }
            if let request { requests.append(request) }
            let own = Bool.random(using: &rng)
            let role: Role = Int.random(in: 0..<3, using: &rng) == 0 ? .lead : .member
            let target = request.map(\.device) ?? key.id
            rows = [
                HostileClient.admission(
                    of: target, member: own ? client.id.hex : target.hex, team: team, role: role, by: client.id,
                    request: request)
            ]
        case 3:  // tables its team does not own, or a grade for the other side
            rows = [
                [HostileClient.insert("targets", next(prefix), ["amount": .integer(1)])],
                [HostileClient.insert("reviews", next(prefix), ["verdict": .text("F")])],
                [
                    HostileClient.insert(
                        "grades", next(prefix), ["need": .text("n"), "side": .text("marketing"), "letter": .text("A")])
                ],
            ].randomElement(using: &rng)!
        case 4:  // the other team's private feed
            audience = GovernedFixtures.marketing
            rows = [HostileClient.insert("plans", next(prefix), ["body": .text("forged plan")])]
        default:  // what its team may write
            if Bool.random(using: &rng) {
                audience = GovernedFixtures.sales
                rows = [HostileClient.insert("notes", next(prefix), ["body": .text(GovernedFixtures.salesMarker)])]
            } else {
                rows = [HostileClient.insert(Bool.random(using: &rng) ? "quotas" : "items", next(prefix), [:])]
            }
        }
        let newest = try view.log(limit: Int(Int32.max)).map(\.hlc).max() ?? .zero
        var deps = try view.vector().restricted(to: audience)
        deps[FeedID(device: client.id, audience: audience)] = 0
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: deps = VersionVector()  // claims to have seen nothing
        case 1: deps = VersionVector(deps.heads.filter { _ in Bool.random(using: &rng) })  // a subset
        case 2: if let (feed, seq) = deps.sorted.randomElement(using: &rng) { deps[feed] = seq + 3 }  // the future
        default: break
        }
        let seq: UInt64? =
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: 1  // a fork, once the feed has begun
            case 1: 40  // a gap
            default: nil
            }
        let hlc: Timestamp? =
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: Timestamp(milliseconds: 1_000, counter: 0)  // long ago
            case 1: Timestamp(milliseconds: clock.milliseconds + 86_400_000, counter: 0)  // a day ahead
            default: nil
            }
        let commit = client.commit(rows, audience: audience, seq: seq, hlc: hlc, deps: deps, after: newest)
        let receivers = honest.filter { $0.audiences.contains(audience) }.shuffled(using: &rng).prefix(2)
        for receiver in receivers {
            if Bool.random(using: &rng) {
                try receiver.replica.ingest([commit], within: receiver.audiences)
            } else {
                _ = try? receiver.replica.importBundle(BundleReader(bytes: client.bundle([commit], audiences: [audience])))
            }
        }
        // A genuine admission of the client's own device is allowed by the rules (judged below).
        if case .text(let token)? = rows.first?.cells.first(where: { $0.column == "request" })?.value,
            let request = try? JoinRequest(token: token), rows.first?.row == request.device.hex
        {
            genuine[request.device, default: []].append((client.id, request.team))
        }
    }

    // MARK: The end

    func check() throws {
        for team in ["sales", "marketing"] {
            let devices = honest.filter { $0.team == team }
            #expect(try Set(devices.map { try $0.replica.digest() }).count == 1, "\(team) digests differ; \(replay)")
        }
        #expect(try Set(honest.map { try $0.replica.digest(audiences: [.all]) }).count == 1, "digests differ; \(replay)")
        let memberships = try honest.map { try $0.replica.membership()!.devices }
        #expect(Set(memberships).count == 1, "memberships differ; \(replay)")
        let quarantines = try honest.map { try GovernedFixtures.quarantine(of: $0.replica, audiences: [.all]) }
        let everywhere = quarantines.dropFirst().reduce(quarantines[0]) { $0.intersection($1) }
        let differences = zip(honest, quarantines).map { "\($0.name): \($1.subtracting(everywhere).sorted { $0.id < $1.id })" }
        #expect(Set(quarantines).count == 1, "quarantines of all differ: \(differences); \(replay)")
        let membership = memberships[0]

        // The model: the rules as the brief states them, checked on the final state.
        let founder = workspace.founder.id
        for (device, record) in initial {
            let now = membership[device]
            if device == hugo.id { continue }
            // Only the founder or a lead of sales (Lena) may change a sales device; nobody
            // hostile may change a marketing device or the founder.
            if lena == nil || record.team == "marketing" || device == founder {
                #expect(now == record, "\(device.short) changed: \(String(describing: now)) from \(record); \(replay)")
            } else {
                #expect(now?.team == record.team && now?.member == record.member, "\(device.short) moved; \(replay)")
            }
        }
        for (device, record) in membership where initial[device] == nil && device != hugo.id && device != lena?.id {
            // A device the hostile clients brought in: only with its own request, by a lead
            // into the lead's team, or by Hugo as his own member device.
            // (A request may have been replayed by several clients: one of them must qualify.)
            let qualifies = (genuine[device] ?? []).contains { admitted in
                admitted.by != stranger.id && admitted.team == record.team && record.team == "sales"
                    && (admitted.by != hugo.id || (record.member == hugo.id.hex && record.role == .member))
            }
            #expect(qualifies, "\(device.short) admitted against the rules: \(record) by \(genuine[device] ?? []); \(replay)")
        }
        let replica = honest.first { $0.team == "sales" }!.replica
        let marketingReplica = workspace.founder.replica
        for table in ["targets", "plans"] {
            let rows = try (table == "plans" ? marketingReplica : replica).rowIDs(table)
            #expect(
                !rows.contains { $0.hasPrefix("hm-") || $0.hasPrefix("hl-") || $0.hasPrefix("st-") },
                "\(table): \(rows); \(replay)")
        }
        #expect(try !replica.rowIDs("reviews").contains { $0.hasPrefix("hm-") || $0.hasPrefix("st-") }, "\(replay)")
        for table in ["items", "quotas", "notes", "grades"] {
            #expect(try !replica.rowIDs(table).contains { $0.hasPrefix("st-") }, "the stranger wrote \(table); \(replay)")
        }
        #expect(try replica.rowIDs("grades").isEmpty, "a forged grade for the other side; \(replay)")
        // Nothing of Hugo's beyond what his revoker had seen.
        if let (by, limit) = revocation {
            let applied = try replica.log(limit: Int(Int32.max), state: .applied).filter {
                $0.feed == FeedID(device: hugo.id, audience: .all)
            }
            #expect(applied.allSatisfy { $0.seq <= limit }, "Hugo's commits beyond \(by.short)'s cut applied; \(replay)")
            #expect(membership[hugo.id]?.revoked == true, "\(replay)")
        }
        for device in honest { #expect(try device.replica.heldCount() <= 4096, "\(replay)") }
    }
}

extension HostileClientTests {
    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(100), salt: 0xBAD_C0DE))
    func hostileSchedulesConverge(seed: UInt64) throws {
        var schedule = try HostileSchedule(seed: seed)
        try schedule.run(steps: 4)
    }
}

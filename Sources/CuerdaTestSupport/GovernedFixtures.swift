import CuerdaCore
import CuerdaStore
import Foundation

/// A governed application for tests of membership and write rules, and helpers that found a
/// workspace and admit members the way users do: join request, admission, welcome bundle.
public enum GovernedFixtures {
    public static let sales: Audience = try! .team("sales")
    public static let marketing: Audience = try! .team("marketing")

    /// Text put in every sales-private note and marketing-private plan, so that tests can
    /// look for it in the bytes of the other team's files.
    public static let salesMarker = "SALES-ONLY-7f3a91c2"
    public static let marketingMarker = "MARKETING-ONLY-c81e55d0"

    /// - `targets`: only marketing sets the revenue target;
    /// - `quotas`: only sales splits quota;
    /// - `grades`: each side writes its own grades (`side` is the writer's team), multi-value;
    /// - `reviews`: only team leads;
    /// - `items`: any member;
    /// - `notes`: private to sales; `plans`: private to marketing.
    public static let schema = Schema(
        name: "governed", version: 1,
        tables: [
            TableSchema(
                "targets", columns: [ColumnSchema("period", .text), ColumnSchema("amount", .integer)],
                writers: WriterRule(teams: ["marketing"])),
            TableSchema(
                "quotas", columns: [ColumnSchema("rep", .text), ColumnSchema("amount", .integer)],
                writers: WriterRule(teams: ["sales"])),
            TableSchema(
                "grades",
                columns: [
                    ColumnSchema("need", .text), ColumnSchema("side", .text), ColumnSchema("letter", .text, policy: .multiValue),
                ],
                writers: WriterRule(teamColumn: "side")),
            TableSchema("reviews", columns: [ColumnSchema("verdict", .text)], writers: WriterRule(roles: [.lead])),
            TableSchema("items", columns: [ColumnSchema("title", .text), ColumnSchema("done", .integer)]),
            TableSchema("notes", audience: sales, columns: [ColumnSchema("body", .text)]),
            TableSchema("plans", audience: marketing, columns: [ColumnSchema("body", .text)]),
        ])

    /// What a device of `team` may hold: `all` and its team's audience.
    public static func audiences(ofTeam team: String) -> Set<Audience> { [.all, try! .team(team)] }

    /// A device key made from a seeded generator, so that a random schedule replays with the
    /// same device IDs (they break ties in merges).
    public static func key<G: RandomNumberGenerator>(using generator: inout G) -> DeviceKey {
        try! DeviceKey(rawRepresentation: Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    /// `count` seeded device keys (see ``key(using:)``).
    public static func keys<G: RandomNumberGenerator>(_ count: Int, using generator: inout G) -> [DeviceKey] {
        (0..<count).map { _ in key(using: &generator) }
    }

    /// A commit made and signed by hand on `replica`'s own feed for `audience`, as a modified
    /// client would: next seq, deps = the replica's vector (restricted to what the audience
    /// may depend on), a timestamp past every commit the replica holds. The local API would
    /// check it; this does not.
    ///
    /// - Parameter clock: the shared manual clock, advanced past the forged timestamp so that
    ///   the replica's next honest write is later than it; nil for the system clock.
    public static func forge(
        _ rows: [RowOp], audience: Audience = .all, by replica: Replica, clock: ManualClock? = nil
    ) throws -> SignedCommit {
        let feed = FeedID(device: replica.device.id, audience: audience)
        let vector = try replica.vector()
        var deps = vector.restricted(to: audience)
        deps[feed] = 0
        let newest = try replica.log(limit: Int(Int32.max)).map(\.hlc).max() ?? .zero
        let wall = clock?.milliseconds ?? HybridClock.system()
        let hlc = max(Timestamp(rawValue: newest.rawValue + 1), Timestamp(milliseconds: wall, counter: 0))
        clock?.advance(by: hlc.milliseconds - wall + 10)
        return CommitContent(
            workspace: replica.workspace, feed: feed, seq: vector[feed] + 1, hlc: hlc, deps: deps, rows: rows
        ).signed(by: replica.device)
    }

    /// Every commit a replica holds for `audiences` (nil: all), in its log order.
    public static func commits(of replica: Replica, audiences: Set<Audience>? = nil) throws -> [SignedCommit] {
        var commits: [SignedCommit] = []
        try replica.forEachCommit(audiences: audiences) { commits += $0 }
        return commits
    }

    /// The quarantine as comparable facts: commit ID (hex), audience and reason.
    public static func quarantine(of replica: Replica, audiences: Set<Audience>? = nil) throws -> Set<QuarantineFact> {
        Set(
            try replica.quarantine(limit: Int(Int32.max)).filter { audiences?.contains($0.feed.audience) ?? true }.map {
                QuarantineFact(id: Hex.encode($0.id), audience: $0.feed.audience, reason: $0.reason ?? "")
            })
    }

    public struct QuarantineFact: Hashable, Sendable, CustomStringConvertible {
        public var id: String
        public var audience: Audience
        public var reason: String

        public init(id: String, audience: Audience, reason: String) {
            self.id = id
            self.audience = audience
            self.reason = reason
        }

        public var description: String { "\(id.prefix(12)) \(audience): \(reason)" }
    }
}

/// A directory for replica files, in memory (`/dev/shm`) when the system has one: replicas
/// sync every commit to disk, and the random schedules make thousands. Removed on release.
public final class ScratchDirectory: Sendable {
    public let path: String

    public init(_ label: String = "cuerda") {
        var isDirectory: ObjCBool = false
        let memory =
            FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.isWritableFile(atPath: "/dev/shm")
        let base = memory ? "/dev/shm" : FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// One device of a governed workspace in a test: its replica, and who it belongs to.
public struct GovernedDevice: Sendable, CustomStringConvertible {
    public let replica: Replica
    public let name: String
    public let team: String
    public let role: Role

    public init(replica: Replica, name: String, team: String, role: Role) {
        self.replica = replica
        self.name = name
        self.team = team
        self.role = role
    }

    public var id: DeviceID { replica.device.id }
    /// What the device may hold: `all` and its team's audience.
    public var audiences: Set<Audience> { GovernedFixtures.audiences(ofTeam: team) }
    public var description: String { "\(name) (\(team) \(role.rawValue), \(id.short))" }
}

/// A governed workspace founded in a scratch directory, and the devices admitted to it.
public final class GovernedWorkspace {
    public let directory: ScratchDirectory
    public let options: Replica.Options
    public let founder: GovernedDevice
    public private(set) var devices: [GovernedDevice]

    /// Founds the workspace: the founder's device is a lead of `team`.
    public init(
        _ label: String = "governed", team: String = "marketing", name: String = "Marta",
        schema: Schema = GovernedFixtures.schema,
        key: DeviceKey = DeviceKey(), options: Replica.Options = .init()
    ) throws {
        directory = ScratchDirectory(label)
        self.options = options
        let replica = try Replica.found(
            at: directory.file("0-founder.cuerda"), team: team, name: name, schema: schema, device: key, options: options)
        founder = GovernedDevice(replica: replica, name: name, team: team, role: .lead)
        devices = [founder]
    }

    /// A new device joins: it makes a join request, `admitter` admits it (as a new member of
    /// `team`, or as another device of the admitter's member when `team` is nil), and its
    /// replica starts from the bundle the admitter writes for it (`all` and its team).
    @discardableResult
    public func join(
        _ name: String, team: String?, role: Role = .member, admittedBy admitter: GovernedDevice, key: DeviceKey = DeviceKey()
    ) throws -> GovernedDevice {
        let path = directory.file("\(devices.count)-\(name.filter(\.isLetter)).cuerda")
        let request = try JoinRequest(key: key, name: name, team: team ?? admitter.team)
        let admitted = try admitter.replica.admit(request, team: team, role: role)
        let welcome = path + ".welcome"
        try admitter.replica.exportBundle(to: welcome, audiences: GovernedFixtures.audiences(ofTeam: admitted.team))
        let (replica, _) = try Replica.create(at: path, fromBundle: welcome, device: key, options: options)
        let device = GovernedDevice(replica: replica, name: name, team: admitted.team, role: admitted.role)
        devices.append(device)
        return device
    }

    /// The usual cast, synced: the founder (marketing lead), a sales lead admitted by the
    /// founder, a sales member admitted by the sales lead, and (unless `marketingMember` is
    /// false) a marketing member admitted by the founder.
    public static func standard(
        _ label: String = "governed", marketingMember: Bool = true, options: Replica.Options = .init(),
        keys: [DeviceKey] = []
    ) throws -> (GovernedWorkspace, lead: GovernedDevice, member: GovernedDevice, marketer: GovernedDevice?) {
        func key(_ i: Int) -> DeviceKey { i < keys.count ? keys[i] : DeviceKey() }
        let workspace = try GovernedWorkspace(label, key: key(0), options: options)
        let lead = try workspace.join("Luis", team: "sales", role: .lead, admittedBy: workspace.founder, key: key(1))
        let member = try workspace.join("Sara", team: "sales", admittedBy: lead, key: key(2))
        let marketer =
            marketingMember ? try workspace.join("Mateo", team: "marketing", admittedBy: workspace.founder, key: key(3)) : nil
        try workspace.syncAll()
        return (workspace, lead, member, marketer)
    }

    /// Sends `target` what it lacks from `source` among what it may hold, as a bundle.
    @discardableResult
    public func deliver(from source: GovernedDevice, to target: GovernedDevice) throws -> IngestReport {
        let bytes = try source.replica.bundle(since: target.replica.vector(), audiences: target.audiences)
        return try target.replica.importBundle(BundleReader(bytes: bytes))
    }

    /// Sends `target` what a TCP sync session would: the commits above its vector among what
    /// it may hold, and, from its tips (head commit IDs and known forks), the evidence of
    /// forks that equal numbers hide. No sockets: the same delta, handed over in memory.
    @discardableResult
    public func sync(from source: GovernedDevice, to target: GovernedDevice) throws -> IngestReport {
        let (vector, tips) = try target.replica.vectorAndTips()
        var cursor = try source.replica.cursor(
            since: vector.filtered(to: target.audiences), audiences: target.audiences, tips: tips)
        var report = IngestReport()
        while case let batch = try cursor.next(from: source.replica, maxCommits: 4096, maxBytes: 8 << 20), !batch.isEmpty {
            report.add(try target.replica.ingest(batch, within: target.audiences))
        }
        return report
    }

    /// Syncs every pair (as ``sync(from:to:)``) until no vector and no known fork changes.
    public func syncAllAsTCP(_ only: [GovernedDevice]? = nil) throws {
        let devices = only ?? self.devices
        for _ in 0..<8 {
            let before = try devices.map { try $0.replica.vectorAndTips() }
            for source in devices {
                for target in devices where target.replica !== source.replica { try sync(from: source, to: target) }
            }
            let after = try devices.map { try $0.replica.vectorAndTips() }
            if zip(before, after).allSatisfy({ $0.vector == $1.vector && $0.tips.forks == $1.tips.forks }) { return }
        }
    }

    /// Bundles between every pair, each respecting the recipient's audiences, until no
    /// vector changes.
    public func syncAll(_ only: [GovernedDevice]? = nil) throws {
        let devices = only ?? self.devices
        for _ in 0..<6 {
            let before = try devices.map { try $0.replica.vector() }
            for source in devices {
                for target in devices where target.replica !== source.replica { try deliver(from: source, to: target) }
            }
            if try devices.map({ try $0.replica.vector() }) == before { return }
        }
    }
}

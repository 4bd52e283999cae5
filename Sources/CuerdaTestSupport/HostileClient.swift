import CuerdaCore
import CuerdaStore
import Foundation

/// A modified client: it signs whatever commits and bundles it likes with its own key — any
/// table, any membership change, any `deps`, sequence number and timestamp, forks, junk feeds.
/// The library never checks what it makes before a replica receives it; every rule must hold
/// on the receiving side.
///
/// It remembers the next sequence number and the newest timestamp of each of its feeds only
/// as defaults: every call can override them.
public final class HostileClient: @unchecked Sendable {
    // Not shared across tasks: each test owns its client (hence unchecked).
    public let key: DeviceKey
    public let workspace: WorkspaceID
    private var nextSeq: [Audience: UInt64] = [:]
    private var newest: UInt64 = 0

    public init(key: DeviceKey = DeviceKey(), workspace: WorkspaceID) {
        self.key = key
        self.workspace = workspace
    }

    public var id: DeviceID { key.id }

    /// A signed commit on its own feed for `audience`.
    ///
    /// - Parameters:
    ///   - seq: nil for the feed's next number; any other to skip ahead or fork.
    ///   - hlc: nil for a stamp just past its newest one (and `after`); anything else as given.
    ///   - deps: what it claims to have seen: any subset, any numbers.
    ///   - after: a timestamp the default stamp must pass (say, the newest commit it read).
    public func commit(
        _ rows: [RowOp], audience: Audience = .all, seq: UInt64? = nil, hlc: Timestamp? = nil,
        deps: VersionVector = VersionVector(), after: Timestamp = .zero
    ) -> SignedCommit {
        let seq = seq ?? nextSeq[audience, default: 1]
        nextSeq[audience] = max(nextSeq[audience, default: 1], seq + 1)
        let stamp = hlc ?? Timestamp(rawValue: max(newest, after.rawValue) + 1)
        newest = max(newest, stamp.rawValue)
        return CommitContent(
            workspace: workspace, feed: FeedID(device: key.id, audience: audience), seq: seq, hlc: stamp, deps: deps,
            rows: rows
        ).signed(by: key)
    }

    /// A commit as an honest client on `replica`'s view would make it, but with `rows`: deps
    /// are the replica's vector for the audience, the stamp is past everything it holds.
    public func commit(_ rows: [RowOp], audience: Audience = .all, seeing replica: Replica) throws -> SignedCommit {
        let newestHeld = try replica.log(limit: Int(Int32.max)).map(\.hlc).max() ?? .zero
        var deps = try replica.vector().restricted(to: audience)
        deps[FeedID(device: key.id, audience: audience)] = 0
        return commit(rows, audience: audience, deps: deps, after: newestHeld)
    }

    /// A bundle of any commits, signed by this client, declaring `audiences`.
    public func bundle(_ commits: [SignedCommit], audiences: [Audience] = [.all], charter: Charter? = nil) -> [UInt8] {
        var writer = BundleWriter()
        for commit in commits { writer.append(commit) }
        let header = BundleHeader(
            workspace: workspace, sender: key.id, audiences: audiences, created: HybridClock.system(), schema: [],
            charterBytes: charter?.bytes ?? [])
        return writer.finish(header: header, signer: key)
    }

    /// A join request signed by `key`, as a hostile admitter would replay or forge one.
    public static func request(
        for key: DeviceKey, team: String, workspace: WorkspaceID? = nil, expires: UInt64 = HybridClock.system() + 86_400_000
    ) -> JoinRequest {
        try! JoinRequest(key: key, name: "guest-\(key.id.short)", team: team, workspace: workspace, expires: expires)
    }

    // MARK: Rows

    /// A row that inserts `values` into `table`.
    public static func insert(_ table: String, _ id: String, _ values: [String: Value]) -> RowOp {
        RowOp(table: table, row: id, life: 1, cells: cells(values))
    }

    /// A row that changes `values` of an existing row.
    public static func update(_ table: String, _ id: String, _ values: [String: Value]) -> RowOp {
        RowOp(table: table, row: id, cells: cells(values))
    }

    /// The cells of an admission of `key`'s device, carrying `request` (nil: none).
    public static func admission(
        of device: DeviceID, member: String, team: String, role: Role, by admitter: DeviceID, request: JoinRequest?
    ) -> RowOp {
        var values: [String: Value] = [
            "member": .text(member), "name": .text("guest-\(device.short)"), "team": .text(team),
            "role": .text(role.rawValue), "status": .text("active"), "admitted_by": .text(admitter.hex),
        ]
        if let request { values["request"] = .text(request.token) }
        return insert(MembersTable.name, device.hex, values)
    }

    private static func cells(_ values: [String: Value]) -> [CellWrite] {
        values.sorted { $0.key < $1.key }.map { CellWrite(column: $0.key, value: $0.value) }
    }
}

import Crypto
import Foundation

/// The founding facts of a governed workspace: the founder's device and a nonce whose hash
/// with the founder's key *is* the workspace ID. Anyone can check a charter against the
/// workspace it claims; nobody but the founder can make one that passes.
public struct Charter: Sendable, Hashable {
    public let founder: DeviceID
    public let nonce: [UInt8]

    public init(founder: DeviceID, nonce: [UInt8]) throws(CuerdaError) {
        guard nonce.count == 16 else { throw CuerdaError(.malformed, "a charter nonce is 16 bytes, not \(nonce.count)") }
        self.founder = founder
        self.nonce = nonce
    }

    /// A fresh charter for a founder.
    public static func new<G: RandomNumberGenerator>(founder: DeviceID, using generator: inout G) -> Charter {
        try! Charter(founder: founder, nonce: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The workspace this charter founds: the first 16 bytes of
    /// SHA-256("cuerda workspace v1" ‖ founder ‖ nonce).
    public var workspace: WorkspaceID {
        var hasher = SHA256()
        hasher.update(data: Array("cuerda workspace v1".utf8))
        hasher.update(data: founder.bytes)
        hasher.update(data: nonce)
        return try! WorkspaceID(bytes: Array(hasher.finalize().prefix(16)))
    }

    /// 48 bytes: founder then nonce.
    public var bytes: [UInt8] { founder.bytes + nonce }

    public init(bytes: [UInt8]) throws(CuerdaError) {
        guard bytes.count == 48 else { throw CuerdaError(.malformed, "a charter is 48 bytes, not \(bytes.count)") }
        try self.init(founder: try DeviceID(bytes: Array(bytes[0..<32])), nonce: Array(bytes[32...]))
    }
}

/// A member's standing in their team.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// May admit, change and revoke the members of its team.
    case lead
    case member

    public static func < (a: Role, b: Role) -> Bool { a == .member && b == .lead }
}

/// What the workspace knows about one device.
public struct DeviceMembership: Sendable, Hashable {
    public var device: DeviceID
    /// The person the device belongs to (the device ID of their first device).
    public var member: String
    public var name: String
    public var team: String
    public var role: Role
    public var revoked: Bool
    /// The device that last admitted or changed this one.
    public var admittedBy: String?
}

/// How much say a membership fact's writer had over its target when it wrote it. Among
/// concurrent facts for one cell, the higher authority wins (see ``Membership``).
public enum Authority: Int, Sendable, Comparable {
    /// The device's own member, adding or revoking one of their own devices.
    case owner = 1
    /// A lead of the device's team.
    case lead = 2
    /// The workspace's founder.
    case founder = 3

    public static func < (a: Authority, b: Authority) -> Bool { a.rawValue < b.rawValue }
}

/// One cell written to the members table: the unit the membership state is folded from.
public struct MembershipFact: Sendable, Hashable {
    public var feed: FeedID
    public var seq: UInt64
    public var hlc: UInt64
    public var target: DeviceID
    public var column: String
    public var value: String?
    /// The writer's authority over the target, judged in the writing commit's causal past.
    public var authority: Authority
    /// The writing commit's dependencies: the facts it had seen, and so supersedes.
    public var deps: VersionVector

    public init(
        feed: FeedID, seq: UInt64, hlc: UInt64, target: DeviceID, column: String, value: String?, authority: Authority,
        deps: VersionVector
    ) {
        self.feed = feed
        self.seq = seq
        self.hlc = hlc
        self.target = target
        self.column = column
        self.value = value
        self.authority = authority
        self.deps = deps
    }

    /// Whether `other` was in this fact's causal past when it was written.
    func supersedes(_ other: MembershipFact) -> Bool {
        other.feed == feed ? other.seq < seq : deps.contains(other.feed, other.seq)
    }

    /// The order among concurrent facts: authority, then timestamp, then writer, then value.
    func outranks(_ other: MembershipFact) -> Bool {
        if authority != other.authority { return authority > other.authority }
        if hlc != other.hlc { return hlc > other.hlc }
        if feed.device != other.feed.device { return feed.device > other.feed.device }
        return (other.value ?? "").utf8.lexicographicallyPrecedes((value ?? "").utf8)
    }
}

/// The built-in replicated table that holds membership facts in a governed workspace.
///
/// One row per device (row ID: the device ID in lower-case hex). Its materialized rows show
/// the membership folded from the facts (``Membership``), not a last-writer-wins merge.
public enum MembersTable {
    public static let name = "cuerda_members"
    /// `request`: the admitted device's own join request (``JoinRequest/token``), written
    /// only by an admission. `heads`: the revoked device's team feeds as its revoker had seen
    /// them, written only with a revocation (``RevocationCut``).
    public static let columns = ["member", "name", "team", "role", "status", "admitted_by", "request", "heads"]
    public static let schema = TableSchema(name, columns: columns.map { ColumnSchema($0, .text) })
}

/// Who belongs to a governed workspace, as of some set of facts.
///
/// Folding is a function of the set of facts, whatever their order: per device and column,
/// a fact supersedes the facts in its causal past, and among the facts that remain (written
/// concurrently) the one of higher ``Authority`` wins, then the later timestamp, the larger
/// writer ID and the larger value. So a lead's admission beats a concurrent replay of the
/// same request by a plain member, and a causally later change by the device's owner (say,
/// revoking their lost laptop) still takes effect over an earlier act of the founder.
public struct Membership: Sendable {
    public let charter: Charter
    public private(set) var devices: [DeviceID: DeviceMembership] = [:]
    /// The nonces of every join request an admission used: a request admits once.
    public private(set) var usedRequests: Set<[UInt8]> = []
    /// Per device, the winning value of each column written: what the members table shows.
    public private(set) var cells: [DeviceID: [String: String?]] = [:]

    public init(charter: Charter, facts: some Sequence<MembershipFact>) {
        self.charter = charter
        var cells: [DeviceID: [String: [MembershipFact]]] = [:]
        for fact in facts {
            cells[fact.target, default: [:]][fact.column, default: []].append(fact)
            if fact.column == "request", let token = fact.value, let nonce = JoinRequest.nonce(ofToken: token) {
                usedRequests.insert(nonce)
            }
        }
        for (device, columns) in cells {
            let values = columns.mapValues { facts in Self.winner(of: facts).value }
            self.cells[device] = values
            if let record = Self.record(device, values) { devices[device] = record }
        }
    }

    /// The winning fact of one cell.
    static func winner(of facts: [MembershipFact]) -> MembershipFact {
        // Few facts per cell (a device is admitted, renamed, revoked a handful of times).
        let current = facts.filter { fact in !facts.contains { $0.supersedes(fact) } }
        return current.dropFirst().reduce(current[0]) { best, fact in fact.outranks(best) ? fact : best }
    }

    /// A record from column values, or nil while it lacks a team, member or role.
    static func record(_ device: DeviceID, _ values: [String: String?]) -> DeviceMembership? {
        guard let member = values["member"] ?? nil, let team = values["team"] ?? nil,
            let role = (values["role"] ?? nil).flatMap(Role.init(rawValue:))
        else { return nil }
        return DeviceMembership(
            device: device, member: member, name: (values["name"] ?? nil) ?? "", team: team, role: role,
            revoked: (values["status"] ?? nil) == "revoked", admittedBy: values["admitted_by"] ?? nil)
    }

    /// The device's record if it is an active member.
    public func active(_ device: DeviceID) -> DeviceMembership? {
        guard let record = devices[device], !record.revoked else { return nil }
        return record
    }

    /// The audiences an active member's device may receive: `all` and its team's.
    public func audiences(of device: DeviceID) -> Set<Audience>? {
        guard let record = active(device) else { return nil }
        return [.all, try! .team(record.team)]
    }
}

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

/// One cell written to the members table: the unit the membership state is folded from.
public struct MembershipFact: Sendable, Hashable {
    public var feed: FeedID
    public var seq: UInt64
    public var hlc: UInt64
    public var target: DeviceID
    public var column: String
    public var value: String?

    public init(feed: FeedID, seq: UInt64, hlc: UInt64, target: DeviceID, column: String, value: String?) {
        self.feed = feed
        self.seq = seq
        self.hlc = hlc
        self.target = target
        self.column = column
        self.value = value
    }
}

/// The built-in replicated table that holds membership facts in a governed workspace.
///
/// One row per device (row ID: the device ID in hex). Its cells merge last-writer-wins like
/// any other table, so every replica that holds the same facts folds the same membership.
public enum MembersTable {
    public static let name = "cuerda_members"
    public static let columns = ["member", "name", "team", "role", "status", "admitted_by"]
    public static let schema = TableSchema(name, columns: columns.map { ColumnSchema($0, .text) })
}

/// Who belongs to a governed workspace, as of some set of facts.
public struct Membership: Sendable {
    public let charter: Charter
    public private(set) var devices: [DeviceID: DeviceMembership] = [:]

    /// Folds facts: per device and column, the fact with the largest (hlc, writer) wins —
    /// the same rule as the table's merge, so the result does not depend on order.
    public init(charter: Charter, facts: some Sequence<MembershipFact>) {
        self.charter = charter
        var cells: [DeviceID: [String: MembershipFact]] = [:]
        for fact in facts {
            if let current = cells[fact.target]?[fact.column],
                (current.hlc, current.feed.device) >= (fact.hlc, fact.feed.device)
            {
                continue
            }
            cells[fact.target, default: [:]][fact.column] = fact
        }
        for (device, columns) in cells {
            if let record = Self.record(device, columns.mapValues(\.value)) { devices[device] = record }
        }
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

import CuerdaCore
import Foundation
import GRDB

/// What a replica remembers of a peer it synchronised with.
public struct PeerRecord: Sendable, Hashable {
    public var device: DeviceID
    /// What the peer was known to hold at the end of the last exchange.
    public var vector: VersionVector
    /// When that was (wall-clock milliseconds since 1970).
    public var updated: UInt64
}

extension Replica {
    /// The audiences a device may receive from this replica, or nil when the device is not
    /// a member of the workspace as far as this replica knows.
    ///
    /// In a governed workspace: an active member's device sees `all` and its team's audience.
    /// In an open workspace (no membership facts), a device counts as a member once this
    /// replica holds an applied commit it signed, and sees `all` plus the team audiences it
    /// has written to; this replica's own device sees everything.
    public func audiences(visibleTo device: DeviceID) throws(CuerdaError) -> Set<Audience>? {
        if let membership = try membership() { return membership.audiences(of: device) }
        if device == self.device.id { return Set(schema.tables.map(\.audience)).union([.all]) }
        let written = try read("cannot read the feeds") { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT audience FROM _cuerda_feed f
                    WHERE device = ? AND EXISTS (SELECT 1 FROM _cuerda_commit c WHERE c.feed = f.no AND c.state = 1)
                    """,
                arguments: [Data(device.bytes)])
        }
        guard !written.isEmpty else { return nil }
        var audiences: Set<Audience> = [.all]
        for name in written { audiences.insert(try Audience(wire: name)) }
        return audiences
    }

    /// Records what `device` holds after an exchange, merged with what was known before.
    public func rememberPeer(_ device: DeviceID, holds vector: VersionVector) throws(CuerdaError) {
        let known = try peers().first { $0.device == device }?.vector ?? VersionVector()
        let merged = known.merging(vector)
        try write("cannot record peer \(device.short)") { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO _cuerda_peer(name, vector, updated) VALUES (?, ?, ?)",
                arguments: [device.hex, Data(merged.encoded()), Int64(wallClock())])
        }
    }

    /// Every peer this replica has exchanged with, most recent first.
    public func peers() throws(CuerdaError) -> [PeerRecord] {
        let rows = try read("cannot read the peers") { db in
            try Row.fetchAll(db, sql: "SELECT name, vector, updated FROM _cuerda_peer ORDER BY updated DESC, name")
        }
        var records: [PeerRecord] = []
        for row in rows {
            records.append(
                PeerRecord(
                    device: try DeviceID(hex: row["name"]), vector: try VersionVector(encoded: Array(row["vector"] as Data)),
                    updated: UInt64(row["updated"] as Int64)))
        }
        return records
    }

    /// The remembered peer whose device ID starts with `prefix` (at least 4 hex digits).
    ///
    /// - Throws: `.notFound` when none matches, `.invalidArgument` when several do.
    public func peer(matching prefix: String) throws(CuerdaError) -> PeerRecord {
        let wanted = prefix.lowercased()
        guard wanted.count >= 4, Hex.decode(wanted.count % 2 == 0 ? wanted : wanted + "0") != nil else {
            throw CuerdaError(.invalidArgument, "'\(prefix)' is not a device ID or a prefix of at least 4 hex digits")
        }
        let matches = try peers().filter { $0.device.hex.hasPrefix(wanted) }
        guard let first = matches.first else {
            throw CuerdaError(.notFound, "no peer \(prefix): this replica has not synced with it (see `cuerda peers`)")
        }
        guard matches.count == 1 else {
            throw CuerdaError(.invalidArgument, "'\(prefix)' matches \(matches.count) peers; give more digits")
        }
        return first
    }
}

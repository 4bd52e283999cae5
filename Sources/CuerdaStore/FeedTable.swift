import CuerdaCore
import Foundation
import GRDB

/// The feeds a replica knows, loaded once per write transaction and saved at its end.
///
/// Feeds get small local numbers, so metadata stores 1–2 bytes instead of a 32-byte device
/// key; the numbers never leave the replica.
struct FeedTable {
    struct Info {
        let id: FeedID
        var head: UInt64
        var lastHLC: UInt64
        var forkAt: UInt64?
        var changed = false
    }

    private(set) var numbers: [FeedID: Int64] = [:]
    private(set) var info: [Int64: Info] = [:]

    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT no, device, audience, head, last_hlc, fork_at FROM _cuerda_feed") {
            let device = try DeviceID(bytes: Array(row["device"] as Data))
            let feed = FeedID(device: device, audience: try Audience(row["audience"] as String))
            let no: Int64 = row["no"]
            numbers[feed] = no
            info[no] = Info(
                id: feed, head: UInt64(row["head"] as Int64), lastHLC: UInt64(bitPattern: row["last_hlc"] as Int64),
                forkAt: (row["fork_at"] as Int64?).map(UInt64.init))
        }
    }

    /// The local number of `feed`, registering it on first sight.
    mutating func number(for feed: FeedID, _ db: Database) throws -> Int64 {
        if let no = numbers[feed] { return no }
        try db.execute(
            sql: "INSERT INTO _cuerda_feed(device, audience) VALUES (?, ?)",
            arguments: [Data(feed.device.bytes), feed.audience.rawValue])
        let no = db.lastInsertedRowID
        numbers[feed] = no
        info[no] = Info(id: feed, head: 0, lastHLC: 0, forkAt: nil)
        return no
    }

    func head(_ feed: FeedID) -> UInt64 { numbers[feed].flatMap { info[$0]?.head } ?? 0 }

    subscript(no: Int64) -> Info {
        get { info[no]! }
        set {
            info[no] = newValue
            info[no]!.changed = true
        }
    }

    var vector: VersionVector {
        var vector = VersionVector()
        for entry in info.values { vector[entry.id] = entry.head }
        return vector
    }

    mutating func save(_ db: Database) throws {
        for (no, entry) in info where entry.changed {
            try db.execute(
                sql: "UPDATE _cuerda_feed SET head = ?, last_hlc = ?, fork_at = ? WHERE no = ?",
                arguments: [Int64(entry.head), Int64(bitPattern: entry.lastHLC), entry.forkAt.map(Int64.init), no])
            info[no]!.changed = false
        }
    }
}

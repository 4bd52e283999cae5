import CuerdaCore
import Foundation
import GRDB

/// Where a governed replica keeps commits signed by devices its membership does not know.
///
/// A stranger's commit gets no feed, no place in the log, in vectors, hellos or relays: a
/// bundle of thousands of commits from throwaway keys costs this replica a bounded table
/// and nobody else anything. The hold exists because an honest device's commits can arrive
/// before its admission (another route, another file); once a fact names the device, its
/// held commits are taken out and ingested like any other.
///
/// The hold is bounded per signer and in total; beyond that the oldest commits are dropped
/// (an honest device can resend them: nothing in any vector claims them).
struct StrangerHold {
    /// Commits kept per unknown signer.
    static let perSigner = 256
    /// Commits kept in all.
    static let total = 4096

    /// Keeps a stranger's commit; returns false if it was already held.
    static func hold(_ signed: SignedCommit, signer: DeviceID, _ db: Database) throws -> Bool {
        try db.execute(
            sql: "INSERT OR IGNORE INTO _cuerda_stranger(id, signer, bytes, signature) VALUES (?, ?, ?, ?)",
            arguments: [Data(signed.id), Data(signer.bytes), Data(signed.bytes), Data(signed.signature)])
        guard db.changesCount > 0 else { return false }
        try db.execute(
            sql: """
                DELETE FROM _cuerda_stranger WHERE signer = ?1 AND rowid NOT IN
                  (SELECT rowid FROM _cuerda_stranger WHERE signer = ?1 ORDER BY rowid DESC LIMIT ?2)
                """, arguments: [Data(signer.bytes), perSigner])
        try db.execute(
            sql: """
                DELETE FROM _cuerda_stranger WHERE rowid NOT IN
                  (SELECT rowid FROM _cuerda_stranger ORDER BY rowid DESC LIMIT ?)
                """, arguments: [total])
        return true
    }

    /// Whether a commit is held.
    static func holds(_ id: [UInt8], _ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM _cuerda_stranger WHERE id = ?"), arguments: [Data(id)]) ?? false
    }

    /// Takes out the held commits of signers that `isKnown` now accepts, oldest first.
    static func release(_ db: Database, where isKnown: (DeviceID) -> Bool) throws -> [SignedCommit] {
        let signers = try Data.fetchAll(db, sql: "SELECT DISTINCT signer FROM _cuerda_stranger").compactMap {
            try? DeviceID(bytes: Array($0))
        }.filter(isKnown)
        var released: [SignedCommit] = []
        for signer in signers {
            let rows = try Row.fetchAll(
                db, sql: "SELECT bytes, signature FROM _cuerda_stranger WHERE signer = ? ORDER BY rowid",
                arguments: [Data(signer.bytes)])
            released += rows.map { SignedCommit(bytes: Array($0["bytes"] as Data), signature: Array($0["signature"] as Data)) }
            try db.execute(sql: "DELETE FROM _cuerda_stranger WHERE signer = ?", arguments: [Data(signer.bytes)])
        }
        return released
    }

    /// How many commits are held.
    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM _cuerda_stranger") ?? 0
    }
}

import CuerdaCore
import Foundation
import GRDB

/// The commits a peer lacks, read a batch at a time in causal order.
///
/// The positions are fixed when the cursor is made (commits accepted later are left to the
/// next exchange), and each batch is a short read of its own, so that a long transfer never
/// holds the database while it waits for the network.
public struct CommitCursor: Sendable {
    private let ords: [Int64]
    private var position = 0

    /// Commits left to read.
    public var remaining: Int { ords.count - position }
    /// Commits in the whole delta.
    public var total: Int { ords.count }

    init(ords: [Int64]) { self.ords = ords }

    /// The next batch: at most `maxCommits` commits and about `maxBytes` bytes (a single
    /// larger commit still travels alone). Empty when the delta is exhausted.
    public mutating func next(from replica: Replica, maxCommits: Int, maxBytes: Int) throws(CuerdaError) -> [SignedCommit] {
        guard position < ords.count else { return [] }
        let slice = ords[position..<min(position + max(1, maxCommits), ords.count)]
        let batch = try replica.read("cannot read the commit log") { db in
            try Replica.commits(db, at: slice, maxBytes: maxBytes).commits
        }
        // The log only grows, so every position still holds its commit.
        position += batch.isEmpty ? slice.count : batch.count
        return batch
    }
}

extension Replica {
    /// A cursor over the commits above `since` whose audience is in `audiences`, in causal
    /// order; with a peer's `tips`, also what the peer needs to notice a fork (see
    /// ``forkEvidenceOrds(_:since:tips:audiences:local:)``).
    ///
    /// - Complexity: proportional to the delta: one indexed range per feed; a feed found
    ///   diverged adds its commits up to the peer's seq.
    public func cursor(since: VersionVector, audiences: Set<Audience>?, tips: FeedTips? = nil) throws(CuerdaError)
        -> CommitCursor
    {
        try read("cannot read the commit log") { db in
            var ords = try Self.deltaOrds(db, since: since, audiences: audiences)
            if let tips {
                let evidence = try Self.forkEvidenceOrds(db, since: since, tips: tips, audiences: audiences, local: device.id)
                if !evidence.isEmpty { ords = Array(Set(ords).union(evidence)).sorted() }
            }
            return CommitCursor(ords: ords)
        }
    }

    /// This replica's vector and its tips, read together.
    public func vectorAndTips() throws(CuerdaError) -> (vector: VersionVector, tips: FeedTips) {
        try read("cannot read the version vector") { db in
            let feeds = try FeedTable(db)
            let first = try db.cachedStatement(
                sql: "SELECT id FROM _cuerda_commit WHERE feed = ? AND seq = ? AND ord IS NOT NULL ORDER BY id LIMIT 1")
            var tips = FeedTips()
            for (feed, no) in feeds.numbers {
                let info = feeds[no]
                if let fork = info.forkAt { tips.forks[feed] = fork }
                guard info.head > 0, let id = try Data.fetchOne(first, arguments: [no, Int64(info.head)]) else { continue }
                tips.commits[feed] = Array(id)
            }
            return (feeds.vector, tips)
        }
    }

    /// Log positions a peer needs to see a fork it cannot see from sequence numbers alone:
    ///
    /// - a feed this replica knows forked at `s`, and the peer does not (or later): the
    ///   commits at `s`, both branches, which make the peer mark the same fork;
    /// - a feed whose commit at the peer's seq differs from the peer's tip: every commit of
    ///   the feed up to that seq, among which the peer finds where the branches part;
    /// - this device's own feed, when the peer holds more of it than this replica does (a
    ///   replica restored from an old backup): the commits this replica holds, for the peer to
    ///   compare.
    ///
    /// Feeds the peer reports forked at or below this replica's fork are left to the peer.
    static func forkEvidenceOrds(
        _ db: Database, since: VersionVector, tips: FeedTips, audiences: Set<Audience>?, local: DeviceID
    ) throws -> [Int64] {
        let feeds = try FeedTable(db)
        let at = try db.cachedStatement(sql: "SELECT id, ord FROM _cuerda_commit WHERE feed = ? AND seq = ? AND ord IS NOT NULL")
        let upTo = try db.cachedStatement(
            sql: "SELECT ord FROM _cuerda_commit WHERE feed = ? AND seq <= ? AND ord IS NOT NULL")
        var ords: [Int64] = []
        for (feed, no) in feeds.numbers where audiences?.contains(feed.audience) ?? true {
            let info = feeds[no]
            let theirs = since[feed]
            switch (info.forkAt, tips.forks[feed]) {
            case (let mine?, let known) where known.map({ mine < $0 }) ?? true:
                ords += try Row.fetchAll(at, arguments: [no, Int64(mine)]).map { $0["ord"] as Int64 }
            case (nil, nil):
                if theirs > 0, theirs <= info.head, let tip = tips.commits[feed] {
                    let held = try Row.fetchAll(at, arguments: [no, Int64(theirs)]).map { Array($0["id"] as Data) }
                    if !held.contains(tip) { ords += try Int64.fetchAll(upTo, arguments: [no, Int64(theirs)]) }
                } else if theirs > info.head, feed.device == local, info.head > 0 {
                    ords += try Int64.fetchAll(upTo, arguments: [no, Int64(info.head)])
                }
            default:
                continue
            }
        }
        return ords
    }
}

import CuerdaCore
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
    /// A cursor over the commits above `since` whose audience is in `audiences`.
    ///
    /// - Complexity: proportional to the delta: one indexed range per feed.
    public func cursor(since: VersionVector, audiences: Set<Audience>?) throws(CuerdaError) -> CommitCursor {
        try read("cannot read the commit log") { db in
            CommitCursor(ords: try Self.deltaOrds(db, since: since, audiences: audiences))
        }
    }
}

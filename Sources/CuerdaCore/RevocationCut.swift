/// Where a revocation cuts the revoked device's feeds: the commits its writer had seen stay
/// valid, every other commit of the device is refused unless it was written after the
/// revocation (then the membership in its causal past decides, as for anyone).
///
/// A revoked device's key may be in an attacker's hands. Without a cut, it could sign commits
/// that pretend never to have seen the revocation ("concurrent" forever) and admit a fresh
/// key. The revoker names what it had seen: for the `all` feed, the revocation's own
/// dependencies say it; for a team feed, which an `all` commit may not depend on, the
/// revocation's `heads` cell does (``heads(parsing:)``). A feed the revoker could not see (the
/// other team's) and did not list is not cut.
public struct RevocationCut: Sendable, Hashable {
    /// The revoked device.
    public let target: DeviceID
    /// The revocation commit's feed and sequence number.
    public let feed: FeedID
    public let seq: UInt64
    /// Per audience of the target's feeds, the highest sequence number that stays valid.
    public let limits: [Audience: UInt64]
    /// The revoker's authority over the target: a revocation by a device that a cut of
    /// higher authority strikes does not count (a stolen lead key revoked by the founder
    /// cannot go on revoking its team), while equals revoking each other both hold.
    public let authority: Authority

    /// The cut a revocation of `target` at `feed`#`seq` with dependencies `deps` makes, with
    /// the `heads` cell it carried.
    public init(
        target: DeviceID, feed: FeedID, seq: UInt64, deps: VersionVector, heads: [Audience: UInt64], authority: Authority
    ) {
        self.target = target
        self.authority = authority
        self.feed = feed
        self.seq = seq
        var limits = heads
        limits[.all] = deps[FeedID(device: target, audience: .all)]
        self.limits = limits
    }

    /// Whether the cut refuses `commit`: a commit of the target beyond what the revoker had
    /// seen, not written after the revocation.
    public func strikes(_ commit: CommitContent) -> Bool {
        guard commit.feed.device == target, commit.feed != feed, let limit = limits[commit.feed.audience] else {
            return false
        }
        return commit.seq > limit && !commit.hasInPast(feed, seq)
    }

    /// The reason a struck commit is refused.
    public var reason: String {
        "device \(target.short) was revoked by \(feed.device.short) (\(feed)#\(seq)), "
            + "which had not seen this commit"
    }

    // MARK: The heads cell

    /// Reads a `heads` cell: `team:NAME=SEQ` entries joined by commas, in audience order, each
    /// team once. The `all` feed never appears (the revocation's dependencies name it).
    public static func heads(parsing text: String) -> [Audience: UInt64]? {
        guard text.utf8.count <= 1024 else { return nil }
        if text.isEmpty { return [:] }
        var heads: [Audience: UInt64] = [:]
        var previous: Audience?
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let audience = try? Audience(String(parts[0])), audience != .all,
                let seq = UInt64(parts[1]), String(seq) == parts[1], seq <= VersionVector.maxSeq,
                previous.map({ $0 < audience }) ?? true
            else { return nil }
            heads[audience] = seq
            previous = audience
        }
        return heads
    }

    /// Writes a `heads` cell (the one spelling ``heads(parsing:)`` accepts).
    public static func heads(_ heads: [Audience: UInt64]) -> String {
        heads.filter { $0.key != .all }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",")
    }
}

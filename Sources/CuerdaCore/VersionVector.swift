/// "What I have": for each feed, the highest sequence number held without gaps.
///
/// A feed that is absent has nothing (0). Vectors are compared pointwise; the delta for a
/// peer is every commit above the peer's vector.
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    public private(set) var heads: [FeedID: UInt64]

    /// The largest sequence number (and causal length) a decoder accepts: 2^62. SQLite stores
    /// them as signed 64-bit integers, and a local write adds one; a larger number from a
    /// peer or a file is malformed input, not a reason to trap.
    public static let maxSeq: UInt64 = 1 << 62

    public init(_ heads: [FeedID: UInt64] = [:]) {
        self.heads = heads.filter { $0.value > 0 }
    }

    public subscript(feed: FeedID) -> UInt64 {
        get { heads[feed] ?? 0 }
        set { heads[feed] = newValue == 0 ? nil : newValue }
    }

    /// Whether the commit `seq` of `feed` is included.
    public func contains(_ feed: FeedID, _ seq: UInt64) -> Bool { self[feed] >= seq }

    /// Whether every entry of `other` is covered by `self`.
    public func dominates(_ other: VersionVector) -> Bool {
        other.heads.allSatisfy { self[$0.key] >= $0.value }
    }

    /// The pointwise maximum.
    public func merging(_ other: VersionVector) -> VersionVector {
        var result = self
        for (feed, seq) in other.heads where seq > result[feed] { result[feed] = seq }
        return result
    }

    /// Only the feeds that a commit for `audience` may depend on.
    public func restricted(to audience: Audience) -> VersionVector {
        VersionVector(heads.filter { audience.mayDepend(on: $0.key.audience) })
    }

    /// Only the feeds of `audiences`: what a peer that may see those audiences can hold.
    public func filtered(to audiences: Set<Audience>) -> VersionVector {
        VersionVector(heads.filter { audiences.contains($0.key.audience) })
    }

    /// Entries in a deterministic order, for encoding and digests.
    public var sorted: [(feed: FeedID, seq: UInt64)] {
        heads.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public var description: String {
        "[" + sorted.map { "\($0.feed)=\($0.seq)" }.joined(separator: ", ") + "]"
    }
}

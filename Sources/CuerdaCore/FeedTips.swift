/// What a replica holds at the top of each feed, beyond the sequence numbers of its vector:
/// the identity of the commit at the vector's seq, and the seq where it saw the feed fork.
///
/// Two replicas whose vectors agree may still hold different commits under the same numbers
/// when a device signed two commits with one seq (a device restored from an old backup that
/// wrote again, a cloned key). Comparing the tips lets a sync notice that and send the peer
/// what it needs to see the fork itself (`Docs/protocol.md`, "Fork checks").
public struct FeedTips: Sendable, Equatable {
    /// SHA-256 ID of the commit at the vector's seq of each feed.
    public var commits: [FeedID: [UInt8]]
    /// The lowest seq at which the feed is known to have forked.
    public var forks: [FeedID: UInt64]

    public init(commits: [FeedID: [UInt8]] = [:], forks: [FeedID: UInt64] = [:]) {
        self.commits = commits
        self.forks = forks
    }

    public var isEmpty: Bool { commits.isEmpty && forks.isEmpty }

    /// Only the feeds of `audiences`, as ``VersionVector/filtered(to:)``.
    public func filtered(to audiences: Set<Audience>) -> FeedTips {
        FeedTips(
            commits: commits.filter { audiences.contains($0.key.audience) },
            forks: forks.filter { audiences.contains($0.key.audience) })
    }

    /// One `FeedTip` message per feed, in `field`, sorted by feed.
    public func encode(into w: inout WireWriter, field: UInt32) {
        for feed in Set(commits.keys).union(forks.keys).sorted() {
            w.message(field) { t in
                t.bytes(1, feed.device.bytes)
                t.string(2, feed.audience.rawValue)
                if let id = commits[feed] { t.bytes(3, id) }
                if let seq = forks[feed] { t.uint(4, seq) }
            }
        }
    }

    /// Reads one `FeedTip` message. A feed may appear once; an ID is 32 bytes; a fork seq is
    /// at least 1.
    public mutating func decodeEntry(from r: inout WireReader, wireType: UInt8) throws(CuerdaError) {
        var t = try r.message(wireType)
        var device: [UInt8]?
        var audience: String?
        var id: [UInt8]?
        var fork: UInt64?
        while let (f, type) = try t.nextField() {
            switch f {
            case 1: device = try t.bytes(type)
            case 2: audience = try t.string(type)
            case 3: id = try t.bytes(type)
            case 4: fork = try t.uint(type)
            default: try t.skip(type)
            }
        }
        guard let device, let audience else { throw CuerdaError(.malformed, "a feed tip without its feed") }
        let feed = FeedID(device: try DeviceID(bytes: device), audience: try Audience(wire: audience))
        guard commits[feed] == nil, forks[feed] == nil, id != nil || fork != nil else {
            throw CuerdaError(.malformed, "feed \(feed) has two tips, or an empty one")
        }
        if let id {
            guard id.count == 32 else { throw CuerdaError(.malformed, "a feed tip's commit ID has \(id.count) bytes, not 32") }
            commits[feed] = id
        }
        if let fork {
            guard fork > 0 else { throw CuerdaError(.malformed, "a feed tip forks at seq 0") }
            forks[feed] = fork
        }
    }
}

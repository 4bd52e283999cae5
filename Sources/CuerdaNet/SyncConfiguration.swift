import NIOCore

/// Limits and timeouts of a sync session. The defaults suit an office LAN; tests shorten them.
public struct SyncConfiguration: Sendable {
    /// The largest frame accepted, checked from the length prefix before anything is allocated.
    public var maxFrameBytes = 8 << 20
    /// The largest first frame (the peer's hello). A hello is read only once mutual TLS has
    /// proved the peer a member, and it names every feed of the audiences the peer may hold
    /// (about 80 bytes each): at this size a workspace of some 100,000 feeds syncs.
    public var maxHelloBytes = 8 << 20
    /// The most commits a received batch may hold.
    public var maxBatchCommits = 4096
    /// How many commits this side puts in one batch.
    public var batchCommits = 1000
    /// About how many bytes of commits this side puts in one batch.
    public var batchBytes = 2 << 20
    /// Batches sent but not yet acknowledged: the bound on what a slow peer makes us hold.
    public var window = 4
    /// Time allowed for the TCP connection and the TLS handshake.
    public var handshakeTimeout: Duration = .seconds(15)
    /// A ping goes out after this long without sending anything.
    public var pingInterval: Duration = .seconds(5)
    /// A peer that sends nothing (not even a ping) for this long while we wait is dropped.
    public var idleTimeout: Duration = .seconds(30)
    /// No session lasts longer than this.
    public var totalTimeout: Duration = .seconds(3600)

    public init() {}

    /// Checks that the limits fit together (a batch must fit in a frame, and so on).
    func validated() -> SyncConfiguration {
        var c = self
        c.window = max(1, c.window)
        c.batchCommits = max(1, min(c.batchCommits, c.maxBatchCommits))
        // A frame carries the batch plus a few bytes of framing per commit.
        c.batchBytes = max(1, min(c.batchBytes, c.maxFrameBytes / 2))
        return c
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

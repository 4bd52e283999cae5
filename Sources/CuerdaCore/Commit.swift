import Crypto
import Foundation

/// What a commit says: who wrote it, where it sits in its feed, when, after what, and the ops.
public struct CommitContent: Hashable, Sendable {
    /// The only encoding format this version writes; readers refuse newer ones.
    public static let format: UInt64 = 1

    public var workspace: WorkspaceID
    public var feed: FeedID
    public var seq: UInt64
    public var hlc: Timestamp
    /// The writer's version vector when it wrote this commit, restricted to the feeds every
    /// recipient of `feed.audience` can see.
    public var deps: VersionVector
    public var rows: [RowOp]

    public init(workspace: WorkspaceID, feed: FeedID, seq: UInt64, hlc: Timestamp, deps: VersionVector, rows: [RowOp]) {
        self.workspace = workspace
        self.feed = feed
        self.seq = seq
        self.hlc = hlc
        self.deps = deps
        self.rows = rows
    }

    /// Whether the write `(feed, seq)` is in this commit's causal past.
    public func hasInPast(_ other: FeedID, _ otherSeq: UInt64) -> Bool {
        other == feed ? otherSeq < seq : deps.contains(other, otherSeq)
    }

    /// Encodes once and signs; the result is what is stored and sent, never re-encoded.
    public func signed(by key: DeviceKey) -> SignedCommit {
        precondition(key.id == feed.device, "a device signs only its own feeds")
        let bytes = encoded()
        return SignedCommit(bytes: bytes, signature: Array(key.sign(bytes)))
    }
}

/// A commit as stored and transmitted: its exact encoded bytes and the author's signature.
public struct SignedCommit: Hashable, Sendable {
    /// Upper bound on one commit's encoded size.
    public static let maxBytes = 1 << 20

    public let bytes: [UInt8]
    public let signature: [UInt8]
    /// SHA-256 of the signed bytes: the commit's identity. Computed once, as every path that
    /// receives a commit (dedup, storage, fork checks) needs it.
    public let id: [UInt8]

    public init(bytes: [UInt8], signature: [UInt8]) {
        self.bytes = bytes
        self.signature = signature
        id = Array(SHA256.hash(data: bytes))
    }

    /// Decodes the content without checking the signature.
    public func decode() throws(CuerdaError) -> CommitContent {
        guard bytes.count <= Self.maxBytes else {
            throw CuerdaError(.limitExceeded, "commit of \(bytes.count) bytes exceeds the \(Self.maxBytes)-byte limit")
        }
        return try CommitContent(decoding: bytes)
    }

    /// Decodes the content and checks that its claimed device signed exactly these bytes.
    public func verified() throws(CuerdaError) -> CommitContent {
        let content = try decode()
        guard signature.count == 64, content.feed.device.verify(signature: signature, over: bytes) else {
            throw CuerdaError(.badSignature, "commit \(content.feed)#\(content.seq) is not signed by its device")
        }
        return content
    }
}

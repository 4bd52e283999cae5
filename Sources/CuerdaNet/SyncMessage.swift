import CuerdaCore

/// The messages of the sync protocol, version 1 (`Docs/protocol.md`).
///
/// A session is symmetric: each side sends `hello`, then the commits the other lacks as
/// numbered `batch`es, each acknowledged by an `ack` once applied, then `done`; when a side
/// has received the other's `done` and every one of its own batches is acknowledged, it
/// sends `bye`. A side closes the connection once it has sent and received `bye`.
public enum SyncMessage: Sendable, Equatable {
    case hello(Hello)
    case batch(Batch)
    /// Batch `number` has been applied (one transaction) on the receiving side.
    case ack(UInt64)
    /// The sender has sent every batch of its delta.
    case done
    /// The sender has everything it will receive, and all it sent is acknowledged.
    case bye
    /// Keeps an otherwise quiet connection alive; carries nothing.
    case ping
    /// The sender is closing because of the error it describes.
    case error(String)

    /// The first message on each side.
    public struct Hello: Sendable, Equatable {
        public var version: UInt32
        public var workspace: WorkspaceID
        public var device: DeviceID
        /// What the sender holds: the receiver sends every commit above it that the sender may see.
        public var vector: VersionVector
        /// The commit at each feed's head and the forks the sender knows, so that the receiver
        /// can tell when both hold different commits under the same numbers. Empty from a peer
        /// that does not send them; the sync then compares sequence numbers only.
        public var tips: FeedTips

        public init(
            version: UInt32 = SyncMessage.protocolVersion, workspace: WorkspaceID, device: DeviceID, vector: VersionVector,
            tips: FeedTips = FeedTips()
        ) {
            self.version = version
            self.workspace = workspace
            self.device = device
            self.vector = vector
            self.tips = tips
        }
    }

    /// Commits in causal order; numbers start at 1 and increase by one per batch.
    public struct Batch: Sendable, Equatable {
        public var number: UInt64
        public var commits: [SignedCommit]

        public init(number: UInt64, commits: [SignedCommit]) {
            self.number = number
            self.commits = commits
        }
    }

    /// The protocol version this build speaks.
    public static let protocolVersion: UInt32 = 1
}

import CuerdaCore
import CuerdaStore
import Foundation

/// What one sync session did.
public struct SyncReport: Sendable, Equatable {
    /// The peer's device (known once its certificate was accepted).
    public var peer: DeviceID?
    /// Commits sent to the peer.
    public var sent = 0
    /// What this side did with the commits the peer sent.
    public var received = IngestReport()
    /// Bytes on the wire, TLS included.
    public var bytesSent = 0
    public var bytesReceived = 0
    public var seconds = 0.0

    public init() {}

    /// One line for people: "sent 120 commits, received 80 (80 applied, 0 quarantined) …".
    public var summary: String {
        var parts = ["sent \(sent) commit\(sent == 1 ? "" : "s") (\(ByteCount.describe(bytesSent)))"]
        parts.append(
            "received \(received.received) (\(ByteCount.describe(bytesReceived))): \(received.applied) applied, "
                + "\(received.quarantined) quarantined, \(received.duplicates) already held")
        if received.pending > 0 { parts.append("\(received.pending) waiting for their causal past") }
        if received.forks > 0 {
            parts.append(
                "a device signed two different commits at one number in \(received.forks) feed\(received.forks == 1 ? "" : "s") (see `cuerda quarantine`)"
            )
        }
        return parts.joined(separator: "; ") + " in " + String(format: "%.2f s", seconds)
    }
}

/// Progress of a running session, reported after every batch.
public struct SyncProgress: Sendable, Equatable {
    public var sent = 0
    /// Commits this side will send in all (known after the peer's hello).
    public var toSend = 0
    public var received = 0
    public var bytesSent = 0
    public var bytesReceived = 0
}

/// Sizes for people.
enum ByteCount {
    static func describe(_ bytes: Int) -> String {
        switch bytes {
        case ..<1024: "\(bytes) B"
        case ..<(1024 * 1024): String(format: "%.1f KiB", Double(bytes) / 1024)
        default: String(format: "%.1f MiB", Double(bytes) / 1_048_576)
        }
    }
}

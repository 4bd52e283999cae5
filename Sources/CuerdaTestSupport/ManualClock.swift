import CuerdaCore
import Synchronization

/// A wall clock that tests move by hand.
public final class ManualClock: Sendable {
    private let now: Mutex<UInt64>

    public init(_ start: UInt64 = 1_780_000_000_000) { now = Mutex(start) }

    public var milliseconds: UInt64 { now.withLock { $0 } }

    public func advance(by milliseconds: UInt64) { now.withLock { $0 += milliseconds } }

    /// The clock as a replica's injected time source.
    public var wallClock: HybridClock.WallClock { { [self] in milliseconds } }
}

import Foundation

/// A hybrid logical clock reading: physical milliseconds since 1970 and a logical counter.
///
/// Packed into one `UInt64` (48 bits of milliseconds, 16 bits of counter) so that it
/// compares, stores and encodes as a single integer.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(milliseconds: UInt64, counter: UInt16) {
        rawValue = (milliseconds << 16) | UInt64(counter)
    }

    public static let zero = Timestamp(rawValue: 0)

    public var milliseconds: UInt64 { rawValue >> 16 }
    public var counter: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "\(milliseconds).\(counter)" }
}

/// A hybrid logical clock: it never goes backwards and moves past every timestamp it
/// observes, so a causally later write always carries a larger timestamp.
///
/// - Important: A remote timestamp more than ``maxDrift`` ahead of the local wall clock is
///   not observed; the commit carrying it waits (see ``isTooFarAhead(_:)``). Otherwise one
///   device with a clock set in the future would win every last-writer-wins merge forever.
public struct HybridClock: Sendable {
    /// Milliseconds since 1970; injected so tests control time.
    public typealias WallClock = @Sendable () -> UInt64

    /// How far ahead of local wall time a remote timestamp may be: 5 minutes.
    public static let defaultMaxDrift: UInt64 = 5 * 60 * 1000

    public let wallClock: WallClock
    public let maxDrift: UInt64
    public private(set) var last: Timestamp

    public init(last: Timestamp = .zero, maxDrift: UInt64 = HybridClock.defaultMaxDrift, wallClock: @escaping WallClock) {
        self.last = last
        self.maxDrift = maxDrift
        self.wallClock = wallClock
    }

    /// The system clock in milliseconds.
    public static let system: WallClock = {
        UInt64(max(0, (Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// A fresh timestamp for a local event, larger than every timestamp seen so far.
    public mutating func tick() -> Timestamp {
        let now = wallClock()
        last = now > last.milliseconds ? Timestamp(milliseconds: now, counter: 0) : Self.successor(of: last)
        return last
    }

    /// Moves the clock past `remote` (an applied commit's timestamp).
    public mutating func observe(_ remote: Timestamp) {
        if remote > last { last = remote }
    }

    /// Whether `remote` is further ahead of local wall time than the drift bound allows.
    public func isTooFarAhead(_ remote: Timestamp) -> Bool {
        remote.milliseconds > wallClock() &+ maxDrift
    }

    private static func successor(of t: Timestamp) -> Timestamp {
        t.counter == .max ? Timestamp(milliseconds: t.milliseconds + 1, counter: 0) : Timestamp(rawValue: t.rawValue + 1)
    }
}

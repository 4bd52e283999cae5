/// Who may receive a commit: everyone in the workspace (`all`) or one team (`team:sales`).
///
/// Team-private data lives in team audiences and never leaves that team's devices.
public struct Audience: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let rawValue: String

    /// Everyone in the workspace.
    public static let all = Audience(unchecked: "all")

    /// The devices of one team.
    public static func team(_ name: String) throws(CuerdaError) -> Audience {
        try Audience("team:" + name)
    }

    public init(_ rawValue: String) throws(CuerdaError) {
        guard rawValue == "all" || Audience.isTeam(rawValue) else {
            throw CuerdaError(
                .invalidArgument, "an audience is 'all' or 'team:NAME' (lower-case letters, digits, '-'), not '\(rawValue)'")
        }
        self.rawValue = rawValue
    }

    private init(unchecked rawValue: String) { self.rawValue = rawValue }

    private static func isTeam(_ value: String) -> Bool {
        guard value.hasPrefix("team:") else { return false }
        let name = value.utf8.dropFirst(5)
        guard let first = name.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), name.count <= 32 else {
            return false
        }
        return name.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                || c == UInt8(ascii: "-")
        }
    }

    /// The team's name for a team audience, nil for `all`.
    public var teamName: String? { rawValue.hasPrefix("team:") ? String(rawValue.dropFirst(5)) : nil }

    /// Whether a commit for `self` may depend on a commit of `other`: every recipient of
    /// `self` must be able to see `other`, so `all` depends only on `all`.
    public func mayDepend(on other: Audience) -> Bool { other == .all || other == self }

    public static func < (lhs: Audience, rhs: Audience) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(value) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One append-only, gap-free sequence of commits: one device writing for one audience.
public struct FeedID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let device: DeviceID
    public let audience: Audience

    public init(device: DeviceID, audience: Audience) {
        self.device = device
        self.audience = audience
    }

    public static func < (lhs: FeedID, rhs: FeedID) -> Bool {
        lhs.device != rhs.device ? lhs.device < rhs.device : lhs.audience < rhs.audience
    }

    public var description: String { "\(device.short)/\(audience)" }
}

/// A string compared and hashed by its UTF-8 bytes.
///
/// Swift's `String` equality follows Unicode canonical equivalence: "café" with a precomposed
/// "é" equals "café" with "e" and a combining accent. SQLite, the digest and the wire keep
/// them apart, so a dictionary keyed by `String` would merge two distinct row IDs into one
/// row on some replicas and not on others. Keys that come from writers (row IDs) use this.
public struct ByteString: Hashable, Sendable, CustomStringConvertible {
    public let string: String

    public init(_ string: String) { self.string = string }

    public static func == (lhs: ByteString, rhs: ByteString) -> Bool { lhs.string.utf8.elementsEqual(rhs.string.utf8) }

    public func hash(into hasher: inout Hasher) {
        for byte in string.utf8 { hasher.combine(byte) }
    }

    public var description: String { string }
}

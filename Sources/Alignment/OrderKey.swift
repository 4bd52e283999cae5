/// Keys that order list items so that two people reordering offline both keep their moves.
///
/// An item's position is a key string compared byte by byte; moving an item writes one new
/// key strictly between its new neighbours' keys, so concurrent moves of different items
/// never overwrite each other (each is its own last-writer-wins cell). Two items that get
/// the same key concurrently are ordered by row ID. Keys use the digits `0-9A-Za-z` (in
/// ASCII order) and never end in `0`, so there is always room before any key.
public enum OrderKey {
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private static let base = digits.count

    private static func value(_ byte: UInt8) -> Int? { digits.firstIndex(of: byte) }

    /// Whether `key` is a well-formed order key.
    public static func isValid(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.last != digits[0] && key.utf8.allSatisfy { value($0) != nil }
    }

    /// A key strictly between `lower` and `upper` (nil: the start or the end of the list).
    ///
    /// - Precondition: `lower < upper` when both are given, and both are valid keys.
    /// A malformed bound (a hand-written row) counts as the list's start or end.
    public static func between(_ lower: String?, _ upper: String?) -> String {
        let lower = lower.flatMap { isValid($0) ? $0 : nil }
        let upper = upper.flatMap { isValid($0) ? $0 : nil }.flatMap { lower == nil || lower! < $0 ? $0 : nil }
        let a = Array((lower ?? "").utf8).map { value($0)! }
        let b = upper.map { Array($0.utf8).map { value($0)! } }
        return String(decoding: midpoint(a[...], b?[...]).map { digits[$0] }, as: UTF8.self)
    }

    /// Keys for `count` items appended after `last`, spread out so later inserts find room.
    public static func after(_ last: String?, count: Int) -> [String] {
        var keys: [String] = []
        var previous = last
        for _ in 0..<count {
            let key = between(previous, nil)
            keys.append(key)
            previous = key
        }
        return keys
    }

    /// The digits of a fraction strictly between `a` and `b` (nil: 1), read as base-62
    /// fractions 0.a and 0.b, with `a` < `b`.
    private static func midpoint(_ a: ArraySlice<Int>, _ b: ArraySlice<Int>?) -> [Int] {
        if let b {
            // Skip the common prefix (a padded with zeros).
            var n = 0
            while n < b.count, (n < a.count ? a[a.startIndex + n] : 0) == b[b.startIndex + n] { n += 1 }
            if n > 0 {
                let tail = midpoint(a.dropFirst(n), b.dropFirst(n))
                return Array(b.prefix(n)) + tail
            }
        }
        let low = a.first ?? 0
        let high = b?.first ?? base
        if high - low > 1 { return [(low + high) / 2] }
        // Adjacent first digits: b's first digit alone works if b continues past it.
        if let b, b.count > 1 { return [b[b.startIndex]] }
        return [low] + midpoint(a.dropFirst(), nil)
    }
}

/// Where a moved plan item goes, relative to the others.
public enum PlanPlacement: Sendable, Hashable {
    case top
    case bottom
    case before(String)
    case after(String)
}

/// The order keys to write when an item takes a place in an ordered list.
///
/// Normally one key, strictly between the new neighbours' keys, so that concurrent moves of
/// different items never touch each other's cells. Only when the neighbours leave no room —
/// they tie (two people gave items the same key offline) or a key is malformed — are the
/// smallest run of neighbours around the slot given fresh keys too.
enum PlanOrder {
    /// - Parameters:
    ///   - ordered: the other items, in order, with their keys (nil: malformed, sorted last).
    ///   - slot: where the item goes, 0...ordered.count.
    /// - Returns: `(id, key)` pairs to write, the moved item's under `id == nil`.
    /// - Complexity: O(n) keys compared in the worst case; O(1) in the usual one.
    static func keys(placing slot: Int, in ordered: [(id: String, key: String?)]) -> [(id: String?, key: String)] {
        // The window [low, high) of neighbours that get new keys along with the moved item.
        var low = slot
        var high = slot
        func bounds() -> (lower: String??, upper: String??) {
            (low > 0 ? .some(ordered[low - 1].key) : .none, high < ordered.count ? .some(ordered[high].key) : .none)
        }
        while true {
            let (lower, upper) = bounds()
            let lowerOK = lower.map { $0 != nil } ?? true
            let upperOK = upper.map { $0 != nil } ?? true
            if lowerOK, upperOK {
                if case .some(.some(let a)) = lower, case .some(.some(let b)) = upper, a >= b {
                    low -= 1
                    high += 1
                    continue
                }
                break
            }
            if !lowerOK { low -= 1 }
            if !upperOK { high += 1 }
        }
        let (lower, upper) = bounds()
        let ids: [String?] = ordered[low..<slot].map(\.id) + [nil] + ordered[slot..<high].map(\.id)
        var previous = lower ?? nil
        return ids.map { id in
            let key = OrderKey.between(previous, upper ?? nil)
            previous = key
            return (id, key)
        }
    }
}

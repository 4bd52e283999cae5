import Crypto
import CuerdaCore
import Foundation

/// A side's card for one cycle as it is sealed and revealed: its grades of the other side
/// (on its own needs) and, optionally, its predictions of its own grades.
///
/// The canonical text is what the commitment covers, so it has exactly one spelling:
///
///     cuerda card v1
///     cycle 2026-H1
///     side marketing
///     grade <need ID> <letter>      (sorted by need ID)
///     self <need ID> <letter>       (sorted by need ID)
public struct SealedCard: Sendable, Hashable, Codable {
    public var cycle: Period
    public var side: Team
    public var grades: [String: Letter]
    public var selfGrades: [String: Letter]

    public init(cycle: Period, side: Team, grades: [String: Letter], selfGrades: [String: Letter] = [:]) {
        self.cycle = cycle
        self.side = side
        self.grades = grades
        self.selfGrades = selfGrades
    }

    static let header = "cuerda card v1"
    /// A reveal is untrusted input: bounded before it is parsed.
    static let maxBytes = 64 * 1024

    public var canonicalText: String {
        var lines = [Self.header, "cycle \(cycle)", "side \(side.rawValue)"]
        lines += grades.sorted { $0.key < $1.key }.map { "grade \($0.key) \($0.value.rawValue)" }
        lines += selfGrades.sorted { $0.key < $1.key }.map { "self \($0.key) \($0.value.rawValue)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a canonical card, refusing any other spelling.
    public init(canonical text: String) throws(CuerdaError) {
        let invalid = CuerdaError(.malformed, "not a canonical card")
        guard text.utf8.count <= Self.maxBytes, text.hasSuffix("\n") else { throw invalid }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, lines[0] == Self.header, lines[1].hasPrefix("cycle "), lines[2].hasPrefix("side "),
            let cycle = try? Period(parsing: String(lines[1].dropFirst(6))),
            let side = Team(rawValue: String(lines[2].dropFirst(5))), side.otherSide != nil
        else { throw invalid }
        var grades: [String: Letter] = [:]
        var selfGrades: [String: Letter] = [:]
        for line in lines.dropFirst(3) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, !parts[1].isEmpty, let letter = Letter(rawValue: parts[2]) else { throw invalid }
            switch parts[0] {
            case "grade" where grades[parts[1]] == nil: grades[parts[1]] = letter
            case "self" where selfGrades[parts[1]] == nil: selfGrades[parts[1]] = letter
            default: throw invalid
            }
        }
        self.init(cycle: cycle, side: side, grades: grades, selfGrades: selfGrades)
        guard canonicalText == text else { throw invalid }
    }

    /// SHA-256 over the canonical text and the salt, in hex: what the seal publishes.
    public func commitment(salt: [UInt8]) -> String {
        var hash = SHA256()
        hash.update(data: Data(canonicalText.utf8))
        hash.update(data: salt)
        return Hex.encode(hash.finalize())
    }

    /// A fresh 32-byte salt: without one, four letters per need are easy to guess from the hash.
    public static func newSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}

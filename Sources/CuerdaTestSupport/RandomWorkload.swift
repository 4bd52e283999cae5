import CuerdaCore
import CuerdaStore

/// Random local edits on the fixture schema, aimed at collisions: a small pool of row IDs,
/// so replicas write the same cells, delete and re-create the same rows, and grade the same
/// needs concurrently.
public struct RandomWorkload {
    public let rowPool: [String]

    public init(rows: Int = 6) { rowPool = (0..<rows).map { "row-\($0)" } }

    /// Performs one random transaction of 1–3 changes on `replica`. Changes that do not apply
    /// (updating a deleted row) are skipped, so every transaction succeeds.
    public func step<G: RandomNumberGenerator>(_ replica: Replica, using rng: inout G) throws {
        let count = Int.random(in: 1...3, using: &rng)
        var choices: [(kind: Int, row: String, value: Value)] = []
        for _ in 0..<count {
            choices.append((Int.random(in: 0..<10, using: &rng), rowPool.randomElement(using: &rng)!, Self.value(using: &rng)))
        }
        let team = Int.random(in: 0..<4, using: &rng)
        try replica.write { tx in
            for choice in choices {
                switch choice.kind {
                case 0...3:  // write a cell, creating the row if needed
                    let column = ["a", "b", "peak"][Int(choice.row.utf8.last! % 3)]
                    if try tx.exists("cells", id: choice.row) {
                        try tx.update("cells", id: choice.row, [column: choice.value])
                    } else {
                        try tx.insert("cells", id: choice.row, [column: choice.value])
                    }
                case 4, 5:  // delete or re-create
                    if try tx.exists("cells", id: choice.row) {
                        try tx.delete("cells", id: choice.row)
                    } else {
                        try tx.insert("cells", id: choice.row)
                    }
                case 6...8:  // grade a need (multi-value); a later grade reconciles what it saw
                    let letter = Value.text(["A", "B", "C", "F"][team])
                    if try tx.exists("grades", id: choice.row) {
                        try tx.update("grades", id: choice.row, ["letter": letter])
                    } else {
                        try tx.insert("grades", id: choice.row, ["need": .text(choice.row), "letter": letter])
                    }
                default:  // a team-private note
                    if try tx.exists("notes", id: choice.row) {
                        try tx.update("notes", id: choice.row, ["body": .text("\(choice.value)")])
                    } else {
                        try tx.insert("notes", id: choice.row, ["body": .text("\(choice.value)")])
                    }
                }
            }
        }
    }

    /// A random value of any storage class, including the awkward ones.
    public static func value<G: RandomNumberGenerator>(using rng: inout G) -> Value {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: .null
        case 1: .integer(Int64.random(in: .min ... .max, using: &rng))
        case 2: .integer(Int64.random(in: -3...3, using: &rng))
        case 3: .real([-0.0, 0.0, .nan, .infinity, -.infinity, 1.5, Double.leastNonzeroMagnitude].randomElement(using: &rng)!)
        case 4: .real(Double(bitPattern: UInt64.random(in: .min ... .max, using: &rng)))
        case 5: .text(["", "é", "x", String(repeating: "long ", count: 20)].randomElement(using: &rng)!)
        case 6: .blob((0..<Int.random(in: 0...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        default: .text("v\(UInt16.random(in: 0...999, using: &rng))")
        }
    }
}

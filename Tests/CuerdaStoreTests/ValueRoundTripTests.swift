import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// Values survive a trip through a bundle into another replica bit for bit.
@Suite struct ValueRoundTripTests {
    static let awkward: [Value] = [
        .null, .integer(.min), .integer(.max), .integer(0), .integer(-1),
        .real(-0.0), .real(0.0), .real(.leastNonzeroMagnitude), .real(-.leastNonzeroMagnitude),
        .real(.leastNormalMagnitude.nextDown), .real(.infinity), .real(-.infinity), .real(.nan),
        .real(Double(bitPattern: 0x7ff8_dead_beef_0001)), .real(.greatestFiniteMagnitude), .real(1e-300),
        .text(""), .text("ñandú 🦤 \u{0}nul"), .text(String(repeating: "x", count: 300_000)),
        .blob([]), .blob([0, 255, 0]), .blob((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
    ]

    @Test(arguments: awkward.indices)
    func anyValueRoundTripsExactly(index: Int) throws {
        let value = Self.awkward[index]
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(2, in: dir)
        var cells: [String: Value] = ["a": value]
        switch value {
        case .integer: cells["n"] = value
        case .real: cells["r"] = value
        case .text: cells["t"] = value
        case .blob: cells["x"] = value
        case .null: cells["n"] = value
        }
        try r[0].write { tx in try tx.insert("cells", id: "v", cells) }
        try r[1].importBundle(BundleReader(bytes: r[0].bundle()))
        let row = try #require(try r[1].row("cells", id: "v"))
        for (column, written) in cells {
            #expect(row[column] == written, "column \(column): wrote \(written), read \(row[column] ?? .null)")
        }
        // A value held in a deleted row's stash survives too.
        try r[1].write { tx in try tx.delete("cells", id: "v") }
        try r[1].write { tx in try tx.insert("cells", id: "v") }
        #expect(try r[1].row("cells", id: "v")?["a"] == value)
        #expect(try r[0].digest() != r[1].digest())
        try r[0].importBundle(BundleReader(bytes: r[1].bundle()))
        #expect(try r[0].digest() == r[1].digest())
    }

    @Test func writesOfTheWrongTypeAreRefusedAndChangeNothing() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(1, in: dir)[0]
        try r.write { tx in try tx.insert("cells", id: "v", ["n": .integer(1)]) }
        let before = try r.digest()
        let vector = try r.vector()
        #expect(throws: CuerdaError.self) { try r.write { tx in try tx.update("cells", id: "v", ["n": .text("one")]) } }
        #expect(throws: CuerdaError.self) { try r.write { tx in try tx.update("cells", id: "v", ["nope": .integer(1)]) } }
        #expect(throws: CuerdaError.self) { try r.write { tx in try tx.insert("nope", id: "v") } }
        #expect(throws: CuerdaError.self) { try r.write { tx in try tx.insert("cells", id: "v") } }
        #expect(throws: CuerdaError.self) { try r.write { tx in try tx.update("cells", id: "absent", ["n": .integer(2)]) } }
        do {
            try r.write { tx in try tx.update("cells", id: "v", ["n": .real(1.5)]) }
            Issue.record("a real in an integer column was accepted")
        } catch let error as CuerdaError {
            #expect(error.code == .rejectedWrite)
            #expect(error.message.contains("cells.n"))
        }
        #expect(try r.digest() == before)
        #expect(try r.vector() == vector)
    }

    /// The materialized tables are plain SQLite, readable by the `sqlite3` tool.
    @Test func materializedTablesAreReadableWithSQLite3() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(2, in: dir)
        try r[0].write { tx in
            try tx.insert("cells", id: "one", ["t": .text("hello"), "n": .integer(42), "r": .real(2.5)])
            try tx.insert("grades", id: "g", ["need": .text("leads"), "letter": .text("A")])
        }
        try r[1].importBundle(BundleReader(bytes: r[0].bundle()))
        try r[1].write { tx in try tx.update("grades", id: "g", ["letter": .text("C")]) }
        try r[0].write { tx in try tx.update("grades", id: "g", ["letter": .text("B")]) }
        try Fixtures.syncAll(r)
        let output = try ChildProcess.sqlite3(
            r[1].path, "SELECT id, t, n, r FROM cells; SELECT id, need, letter_conflict FROM grades;")
        #expect(output == "one|hello|42|2.5\ng|leads|1\n")
    }
}

import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// A bundle written by format version 1 is committed under `Tests/Fixtures/`. Every later
/// version must still read it to the same rows: a change of layout that breaks old files
/// fails here. Regenerate only on purpose: `CUERDA_WRITE_FIXTURES=1 swift test --filter FormatFixture`.
@Suite struct FormatFixtureTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/bundle-v1.bin").path

    /// What the fixture holds, written by `writeFixture`.
    static let expected: [String: [String: Value]] = [
        "alpha": [
            "a": .integer(-42), "b": .null, "n": .integer(.max), "r": .real(-0.0), "t": .text("ñandú"),
            "x": .blob([0, 1, 254, 255]),
        ],
        "beta": ["a": .real(.infinity), "b": .text(""), "n": .null, "r": .real(1.5), "t": .text("second, edited"), "x": .null],
    ]

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CUERDA_WRITE_FIXTURES"] == "1"))
    func writeFixture() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(1, in: dir)[0]
        try r.write { tx in
            try tx.insert("cells", id: "alpha", Self.expected["alpha"]!)
            try tx.insert("cells", id: "beta", ["t": .text("second")])
            try tx.insert("cells", id: "gamma", ["t": .text("deleted later")])
            try tx.insert("grades", id: "g", ["need": .text("Qualified leads"), "letter": .text("B")])
        }
        try r.write { tx in
            try tx.update("cells", id: "beta", Self.expected["beta"]!)
            try tx.delete("cells", id: "gamma")
        }
        try r.exportBundle(to: Self.path)
        #expect(try BundleReader(path: Self.path).header.commitCount == 2)
    }

    @Test func versionOneBundlesStillRead() throws {
        let reader = try BundleReader(path: Self.path)
        #expect(reader.header.commitCount == 2)
        #expect(reader.header.audiences.contains(.all))
        let dir = TemporaryDirectory()
        let (replica, report) = try Replica.create(at: dir.file("r"), fromBundle: Self.path)
        #expect(report.applied == 2 && report.quarantined == 0)
        #expect(try replica.rowIDs("cells") == ["alpha", "beta"])
        for (id, values) in Self.expected {
            #expect(try replica.row("cells", id: id) == values, "row \(id)")
        }
        #expect(try replica.row("grades", id: "g")?["letter"] == .text("B"))
    }
}

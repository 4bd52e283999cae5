import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

@Suite struct CommitCodecTests {
    static func randomCommit(seed: UInt64) -> (CommitContent, DeviceKey) {
        var rng = SeededGenerator(seed: seed)
        let key = DeviceKey()
        var deps = VersionVector()
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            deps[FeedID(device: DeviceKey().id, audience: .all)] = UInt64.random(in: 1...1000, using: &rng)
        }
        let rows = (0..<Int.random(in: 0...5, using: &rng)).map { i in
            RowOp(
                table: ["cells", "grades"].randomElement(using: &rng)!, row: "r\(i)",
                life: Bool.random(using: &rng) ? UInt64.random(in: 1...9, using: &rng) : nil,
                cells: (0..<Int.random(in: 0...4, using: &rng)).map { c in
                    CellWrite(column: "c\(c)", value: RandomWorkload.value(using: &rng))
                })
        }
        let content = CommitContent(
            workspace: .random(using: &rng), feed: FeedID(device: key.id, audience: try! .team("sales")),
            seq: UInt64.random(in: 1...VersionVector.maxSeq, using: &rng), hlc: Timestamp(rawValue: rng.next()), deps: deps,
            rows: rows)
        return (content, key)
    }

    @Test(arguments: SeededGenerator.seeds(100, salt: 20))
    func commitsRoundTripAndVerify(seed: UInt64) throws {
        let (content, key) = Self.randomCommit(seed: seed)
        let signed = content.signed(by: key)
        #expect(try signed.verified() == content, "seed \(seed)")
        #expect(signed.id.count == 32)
    }

    /// Default row IDs (lower-case UUIDs) travel as 16 bytes; every ID comes back exactly.
    @Test func rowIDsRoundTripAndUUIDsTravelCompact() throws {
        let ids = [
            "0f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f60718", "0F8E2C1A-9B7D-4E3F-A1B2-C3D4E5F60718", "0f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f6071",
            "0f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f607189", "0f8e2c1a_9b7d-4e3f-a1b2-c3d4e5f60718",
            "0f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f6071g",
            "row-1", "",
        ]
        let (base, key) = Self.randomCommit(seed: 12)
        for id in ids {
            var content = base
            content.rows = [RowOp(table: "cells", row: id, life: 1)]
            #expect(try content.signed(by: key).verified().rows.first?.row == id, "id \(id)")
        }
        var uuid = base
        var text = base
        uuid.rows = [RowOp(table: "cells", row: ids[0], life: 1)]
        text.rows = [RowOp(table: "cells", row: ids[1], life: 1)]
        #expect(uuid.encoded().count == text.encoded().count - 20)
    }

    @Test func anyChangedByteBreaksTheSignature() throws {
        let (content, key) = Self.randomCommit(seed: 7)
        let signed = content.signed(by: key)
        for i in stride(from: 0, to: signed.bytes.count, by: max(1, signed.bytes.count / 40)) {
            var bytes = signed.bytes
            bytes[i] ^= 0x01
            #expect(throws: CuerdaError.self) { try SignedCommit(bytes: bytes, signature: signed.signature).verified() }
        }
        var signature = signed.signature
        signature[10] ^= 0x80
        #expect(throws: CuerdaError.self) { try SignedCommit(bytes: signed.bytes, signature: signature).verified() }
    }

    /// A cut at a field boundary can still decode (that is the wire format), so a truncated
    /// commit is refused by its signature if not by the decoder.
    @Test func truncatedCommitsAreRefusedNotCrashes() throws {
        let (content, key) = Self.randomCommit(seed: 8)
        let signed = content.signed(by: key)
        for length in 0..<signed.bytes.count {
            #expect(throws: CuerdaError.self) {
                _ = try SignedCommit(bytes: Array(signed.bytes[0..<length]), signature: signed.signature).verified()
            }
        }
    }

    @Test func unknownFieldsAreSkippedForForwardCompatibility() throws {
        let (content, _) = Self.randomCommit(seed: 9)
        var extra = WireWriter()
        extra.string(99, "a field from a newer version")
        extra.fixed64(98, 42)
        let decoded = try CommitContent(decoding: content.encoded() + extra.bytes)
        #expect(decoded == content)
    }

    @Test func newerFormatsAreRefused() throws {
        let (content, _) = Self.randomCommit(seed: 10)
        var bytes = content.encoded()
        #expect(bytes[0] == 0x08 && bytes[1] == 0x01)  // field 1 (format) = 1
        bytes[1] = 0x02
        do {
            _ = try CommitContent(decoding: bytes)
            Issue.record("format 2 was accepted")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.message.contains("newer"))
        }
    }

    @Test func garbageNeverCrashesTheDecoder() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? CommitContent(decoding: bytes)
        }
        #expect(Bool(true), "2000 random inputs decoded or failed without crashing")
    }
}

@Suite struct CoreTypeTests {
    @Test func audiencesAreValidated() throws {
        #expect(try Audience("all") == .all)
        #expect(try Audience("team:sales").teamName == "sales")
        for bad in ["", "team:", "team:Sales", "everyone", "team:a b", "team:" + String(repeating: "x", count: 40)] {
            #expect(throws: CuerdaError.self) { try Audience(bad) }
        }
        let sales = try Audience.team("sales")
        #expect(sales.mayDepend(on: .all) && sales.mayDepend(on: sales))
        #expect(!Audience.all.mayDepend(on: sales))
        #expect(!sales.mayDepend(on: try .team("marketing")))
    }

    @Test func versionVectorsMergeAndRestrict() throws {
        let a = FeedID(device: DeviceKey().id, audience: .all)
        let s = FeedID(device: DeviceKey().id, audience: try .team("sales"))
        let v1 = VersionVector([a: 3, s: 1])
        let v2 = VersionVector([a: 5])
        #expect(v1.merging(v2) == VersionVector([a: 5, s: 1]))
        #expect(v1.merging(v2).dominates(v1) && !v1.dominates(v2))
        #expect(v1.restricted(to: .all) == VersionVector([a: 3]))
        #expect(v1.restricted(to: try .team("sales")) == v1)
    }

    @Test func schemaValidationRefusesUnreadableNames() {
        let bad: [Schema] = [
            Schema(name: "x", tables: [TableSchema("_cuerda_x", columns: [])]),
            Schema(name: "x", tables: [TableSchema("a b", columns: [])]),
            Schema(name: "x", tables: [TableSchema("t", columns: [ColumnSchema("id")])]),
            Schema(name: "x", tables: [TableSchema("t", columns: [ColumnSchema("c"), ColumnSchema("C")])]),
            Schema(
                name: "x",
                tables: [TableSchema("t", columns: [ColumnSchema("g", policy: .multiValue), ColumnSchema("g_conflict")])]),
            Schema(name: "x", tables: [TableSchema("t", columns: []), TableSchema("T", columns: [])]),
        ]
        for schema in bad { #expect(throws: CuerdaError.self) { try schema.validate() } }
        #expect(throws: Never.self) { try Fixtures.schema.validate() }
    }
}

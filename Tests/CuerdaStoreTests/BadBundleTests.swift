import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// The bad-bundle corpus: every way a bundle file can be cut, flipped, forged or foreign.
/// Each import must fail with the right ``CuerdaError`` code and a one-line message naming
/// the problem, and must leave the target replica exactly as it was.
@Suite struct BadBundleTests {
    // MARK: Fixture

    /// A source and a target of one workspace, each with its own history, and a good bundle
    /// of everything the source holds.
    final class Corpus {
        let dir = TemporaryDirectory("badbundle")
        let source: Replica
        let target: Replica
        let good: [UInt8]
        let parts: BundleBytes.Parts
        private var files = 0

        init() throws {
            let replicas = try Fixtures.replicas(2, in: dir)
            source = replicas[0]
            target = replicas[1]
            try source.write { tx in
                try tx.insert("cells", id: "c1", ["a": .integer(1), "t": .text("hello"), "x": .blob([0, 255])])
                try tx.insert("grades", id: "g1", ["need": .text("leads"), "letter": .text("A")])
            }
            try source.write { tx in try tx.insert("notes", id: "n1", ["body": .text("team only")]) }
            // The target hears of the source's first commits, then both go on writing.
            try target.importBundle(BundleReader(bytes: source.bundle()))
            try source.write { tx in
                try tx.update("cells", id: "c1", ["r": .real(1.5), "n": .integer(42)])
                try tx.insert("cells", id: "c2", ["b": .text(String(repeating: "compressible ", count: 40))])
            }
            try source.write { tx in try tx.delete("cells", id: "c1") }
            try source.write { tx in try tx.update("grades", id: "g1", ["letter": .text("B")]) }
            try target.write { tx in try tx.insert("cells", id: "t1", ["a": .text("target's own")]) }
            try target.write { tx in try tx.update("grades", id: "g1", ["letter": .text("C")]) }
            good = try source.bundle()
            parts = try BundleBytes.Parts(good)
        }

        /// Writes `bytes` to a new file of the corpus directory.
        func file(_ bytes: [UInt8]) throws -> String {
            files += 1
            let path = dir.file("case-\(files).bundle")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        /// Everything an import could change.
        struct Snapshot: Equatable, CustomTestStringConvertible {
            var digest: String
            var vector: VersionVector
            var log: [LogEntry]
            var pending: Int

            var testDescription: String {
                "digest \(digest.prefix(12)), vector \(vector), \(log.count) commits in the log, \(pending) pending"
            }
        }

        func snapshot() throws -> Snapshot {
            Snapshot(
                digest: try target.digest(), vector: try target.vector(), log: try target.log(limit: 100_000),
                pending: try target.pendingCount())
        }

        /// Imports `bytes` from a file into the target and checks the refusal: one of `codes`,
        /// a one-line message containing one of `words` (any case), and nothing changed.
        func expectRefused(
            _ bytes: [UInt8], _ codes: Set<CuerdaError.Code>, mentioning words: [String], _ what: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let before = try snapshot()
            let path = try file(bytes)
            do {
                let report = try target.importBundle(at: path)
                Issue.record("\(what): the import succeeded (\(report)); expected \(codes)", sourceLocation: sourceLocation)
            } catch {
                #expect(
                    codes.contains(error.code), "\(what): code \(error.code) (\(error)); expected \(codes)",
                    sourceLocation: sourceLocation)
                let text = error.description
                #expect(!text.contains("\n"), "\(what): the message is not one line: \(text)", sourceLocation: sourceLocation)
                #expect(
                    words.isEmpty || words.contains { text.lowercased().contains($0.lowercased()) },
                    "\(what): the message '\(text)' mentions none of \(words)", sourceLocation: sourceLocation)
            }
            let after = try snapshot()
            #expect(after == before, "\(what): the refused import changed the target", sourceLocation: sourceLocation)
        }

        /// After all the refusals the target still imports the source's bundle and converges.
        func expectStillHealthy(sourceLocation: SourceLocation = #_sourceLocation) throws {
            let report = try target.importBundle(at: file(source.bundle()))
            #expect(report.applied > 0, "the good bundle applied nothing: \(report)", sourceLocation: sourceLocation)
            try source.importBundle(BundleReader(bytes: target.bundle()))
            #expect(try target.digest() == source.digest(), sourceLocation: sourceLocation)
            #expect(try target.vector() == source.vector(), sourceLocation: sourceLocation)
        }

        /// The good bundle with its header replaced, re-signed by the source (the header's sender).
        func withHeader(_ change: (inout BundleHeader) -> Void) -> [UInt8] {
            var header = parts.header
            change(&header)
            return BundleBytes.assemble(header: BundleBytes.encode(header), body: parts.body, signer: source.device)
        }

        /// The source's commits, in the order a bundle carries them.
        func sourceCommits() throws -> [SignedCommit] {
            var all: [SignedCommit] = []
            try source.forEachCommit { all += $0 }
            return all
        }

        /// A bundle of `records` (raw body bytes, stored-deflate compressed), with the good
        /// header's fields except the counts, signed by the source.
        func bundle(records: [UInt8], commitCount: UInt64, bodyLength: UInt64? = nil) -> [UInt8] {
            var header = parts.header
            header.commitCount = commitCount
            header.bodyLength = bodyLength ?? UInt64(records.count)
            return BundleBytes.assemble(
                header: BundleBytes.encode(header), body: BundleBytes.stored(records), signer: source.device)
        }
    }

    // MARK: The good bundle

    @Test func theCorpusStartsFromAGoodBundle() throws {
        let corpus = try Corpus()
        // The hand-made layout agrees with the writer's: re-assembling the parts gives the file.
        #expect(
            BundleBytes.assemble(
                header: BundleBytes.encode(corpus.parts.header), body: corpus.parts.body, signer: corpus.source.device
            )
            .dropLast(64) == corpus.good.dropLast(64))
        #expect(corpus.parts.header.workspace == corpus.target.workspace)
        #expect(corpus.parts.header.commitCount == 5)
        // A stored-deflate re-encoding of the same records is just as good.
        let records = BundleBytes.records(try corpus.sourceCommits())
        #expect(UInt64(records.count) == corpus.parts.header.bodyLength)
        let restored = try BundleReader(bytes: corpus.bundle(records: records, commitCount: 5))
        var seen = 0
        try restored.forEachBatch { seen += $0.count }
        #expect(seen == 5)
        try corpus.expectStillHealthy()
    }

    @Test func importingTheSameGoodBundleTwiceChangesNothingTheSecondTime() throws {
        let corpus = try Corpus()
        let path = try corpus.file(corpus.good)
        let first = try corpus.target.importBundle(at: path)
        #expect(first.applied == 3)  // the two the target had were duplicates
        #expect(first.duplicates == 2)
        let after = try corpus.snapshot()
        let second = try corpus.target.importBundle(at: path)
        #expect(second.applied == 0)
        #expect(second.received == 5 && second.duplicates == 5)
        #expect(second.quarantined == 0 && second.pending == 0)
        #expect(try corpus.snapshot() == after)
        #expect(try corpus.target.row("cells", id: "c2") != nil)
    }

    // MARK: Cuts

    /// Every length up to 100 bytes and around each boundary, and a seeded sample of the rest.
    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(1), salt: 0x7C07))
    func truncatedAtManyOffsetsIsRefused(seed: UInt64) throws {
        let corpus = try Corpus()
        let good = corpus.good
        let headerEnd = corpus.parts.headerEnd
        #expect(good.count > headerEnd + 64 + 16, "the body is too small to cut inside")
        var lengths = Set(0..<100)
        for boundary in [16, headerEnd, headerEnd + 64, corpus.parts.signatureStart, good.count] {
            lengths.formUnion((boundary - 3)...(boundary + 3))
        }
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<150 { lengths.insert(Int.random(in: 0..<good.count, using: &rng)) }
        for length in lengths.sorted() where length < good.count {
            let cut = Array(good[0..<length])
            let region = corpus.parts.region(of: length)
            if length < 8 {
                try corpus.expectRefused(
                    cut, [.badBundle], mentioning: ["magic", "cut short", "empty"], "cut at \(length) (\(region)); seed \(seed)")
            } else if length < headerEnd + 64 {
                // Too short for the header and a trailer: the structure says so.
                try corpus.expectRefused(
                    cut, [.badBundle], mentioning: ["cut short"], "cut at \(length) (\(region)); seed \(seed)")
            } else {
                // Only the trailer signature can tell a cut body or trailer.
                try corpus.expectRefused(
                    cut, [.badSignature], mentioning: ["cut short"], "cut at \(length) (\(region)); seed \(seed)")
            }
        }
        try corpus.expectStillHealthy()
    }

    @Test func anEmptyFileIsRefused() throws {
        let corpus = try Corpus()
        try corpus.expectRefused([], [.badBundle], mentioning: ["magic", "empty", "cut short"], "empty file")
        try corpus.expectStillHealthy()
    }

    // MARK: Flipped bits

    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(4), salt: 0xB17F_11B5))
    func singleBitFlipsAreRefused(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let corpus = try Corpus()
        let parts = corpus.parts
        let ranges: [(name: String, range: Range<Int>)] = [
            ("prefix", 0..<16), ("header", 16..<parts.headerEnd), ("body", parts.headerEnd..<parts.signatureStart),
            ("trailer", parts.signatureStart..<corpus.good.count),
        ]
        for (name, range) in ranges {
            for _ in 0..<16 {
                let position = Int.random(in: range, using: &rng)
                let bit = Int.random(in: 0..<8, using: &rng)
                var flipped = corpus.good
                flipped[position] ^= UInt8(1) << bit
                let what = "bit \(bit) of byte \(position) (\(name)) flipped; replay with CUERDA_SEED=\(seed)"
                switch position {
                case 0..<8: try corpus.expectRefused(flipped, [.badBundle], mentioning: ["magic"], what)
                case 8..<10: try corpus.expectRefused(flipped, [.badBundle], mentioning: ["version"], what)
                case 10..<12: try corpus.expectRefused(flipped, [.badBundle], mentioning: ["flags"], what)
                case 12..<16:
                    try corpus.expectRefused(
                        flipped, [.badBundle, .limitExceeded, .badSignature], mentioning: ["header", "signature"], what)
                case 16..<parts.headerEnd:
                    try corpus.expectRefused(flipped, [.badBundle, .badSignature], mentioning: ["header", "signature"], what)
                default: try corpus.expectRefused(flipped, [.badSignature], mentioning: ["signature"], what)
                }
            }
        }
        try corpus.expectStillHealthy()
    }

    // MARK: Wrong prefix

    @Test func wrongMagicIsRefused() throws {
        let corpus = try Corpus()
        let good = corpus.good
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        try corpus.expectRefused(png + good.dropFirst(8), [.badBundle], mentioning: ["magic"], "PNG magic")
        try corpus.expectRefused(
            [0x09] + good.dropFirst(), [.badBundle], mentioning: ["magic"], "high bit stripped (7-bit transfer)")
        try corpus.expectRefused(
            Array(good[0..<7]) + [0x0D, 0x0A] + good.dropFirst(8), [.badBundle], mentioning: ["magic"], "\\n turned into \\r\\n")
        try corpus.expectRefused(
            [UInt8](repeating: 0, count: 8) + good.dropFirst(8), [.badBundle], mentioning: ["magic"], "zero magic")
        try corpus.expectStillHealthy()
    }

    @Test func wrongVersionIsRefused() throws {
        let corpus = try Corpus()
        for version: UInt16 in [0, 2, 0x0100, 0xFFFF] {
            var bytes = corpus.good
            bytes[8] = UInt8(version >> 8)
            bytes[9] = UInt8(version & 0xFF)
            try corpus.expectRefused(bytes, [.badBundle], mentioning: ["version \(version)"], "version \(version)")
            // Re-signed, the version is still refused: it is checked, not just signed.
            try corpus.expectRefused(
                BundleBytes.assemble(
                    header: BundleBytes.encode(corpus.parts.header), body: corpus.parts.body, signer: corpus.source.device,
                    version: version),
                [.badBundle], mentioning: ["version \(version)"], "version \(version), re-signed")
        }
        try corpus.expectStillHealthy()
    }

    @Test func unknownFlagsAreRefused() throws {
        let corpus = try Corpus()
        for flags: UInt16 in [0x0001, 0x0002, 0x0100, 0x8000, 0xFFFF] {
            try corpus.expectRefused(
                BundleBytes.assemble(
                    header: BundleBytes.encode(corpus.parts.header), body: corpus.parts.body, signer: corpus.source.device,
                    flags: flags),
                [.badBundle], mentioning: ["flags"], "flags \(flags), re-signed")
        }
        try corpus.expectStillHealthy()
    }

    @Test func absurdHeaderLengthsAreRefused() throws {
        let corpus = try Corpus()
        func withHeaderLength(_ n: UInt32) -> [UInt8] {
            var bytes = corpus.good
            bytes.replaceSubrange(12..<16, with: BundleBytes.bigEndian(n))
            return bytes
        }
        for n: UInt32 in [.max, 0x8000_0000, 0x7FFF_FFFF, 1 << 20 + 1] {
            try corpus.expectRefused(withHeaderLength(n), [.limitExceeded], mentioning: ["header"], "header length \(n)")
        }
        // Within the limit but past the end of the file.
        let pastEnd = UInt32(corpus.good.count)
        try corpus.expectRefused(withHeaderLength(pastEnd), [.badBundle], mentioning: ["header"], "header length \(pastEnd)")
        try corpus.expectRefused(withHeaderLength(1 << 20), [.badBundle], mentioning: ["header"], "header length 1 MiB")
        // An empty header lacks the workspace and sender.
        try corpus.expectRefused(
            BundleBytes.assemble(header: [], body: corpus.parts.body, signer: corpus.source.device), [.badBundle],
            mentioning: ["header"], "empty header")
        try corpus.expectStillHealthy()
    }

    // MARK: Forged headers

    @Test func headersThatDoNotDecodeAreRefused() throws {
        let corpus = try Corpus()
        let body = corpus.parts.body
        let key = corpus.source.device
        var w = WireWriter()
        w.bytes(1, [UInt8](repeating: 7, count: 15))  // a 15-byte workspace
        w.bytes(2, key.id.bytes)
        try corpus.expectRefused(
            BundleBytes.assemble(header: w.bytes, body: body, signer: key), [.badBundle], mentioning: ["header"],
            "short workspace ID")
        var audience = WireWriter()
        audience.bytes(1, corpus.target.workspace.bytes)
        audience.bytes(2, key.id.bytes)
        audience.string(3, "ALL")
        try corpus.expectRefused(
            BundleBytes.assemble(header: audience.bytes, body: body, signer: key), [.badBundle], mentioning: ["header"],
            "audience 'ALL'")
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        try corpus.expectRefused(
            BundleBytes.assemble(header: garbage, body: body, signer: key), [.badBundle], mentioning: ["header"],
            "varint overflow")
        try corpus.expectStillHealthy()
    }

    @Test func aHeaderClaimingAHugeBodyIsRefusedBeforeInflating() throws {
        let corpus = try Corpus()
        let compressed = UInt64(corpus.parts.body.count)
        for claim in [UInt64.max, 1 << 40, compressed * BundleFormat.maxExpansion + 65] {
            try corpus.expectRefused(
                corpus.withHeader { $0.bodyLength = claim }, [.limitExceeded], mentioning: ["claims a body of \(claim)"],
                "bodyLength \(claim)")
        }
        try corpus.expectStillHealthy()
    }

    /// A valid, signed file whose body inflates far past the small length its header claims.
    @Test func aRealDecompressionBombIsStoppedAtTheClaimedLength() throws {
        let corpus = try Corpus()
        let bomber = DeviceKey()
        let zeros = 256 << 20  // 256 MiB of zeros...
        let body = BundleBytes.deflatedZeros(zeros)
        #expect(body.count < 2 << 20, "...in under 2 MiB of fixed-Huffman deflate")
        var header = corpus.parts.header
        header.sender = bomber.id
        header.commitCount = 1
        header.bodyLength = 4096
        let bytes = BundleBytes.assemble(header: BundleBytes.encode(header), body: body, signer: bomber)
        // The structure is valid: the reader accepts the file and only inflating it fails.
        let reader = try BundleReader(bytes: bytes)
        #expect(reader.header.bodyLength == 4096)
        let clock = ContinuousClock()
        let start = clock.now
        try corpus.expectRefused(bytes, [.limitExceeded], mentioning: ["4096"], "256 MiB bomb claiming 4096 bytes")
        // Stopped at the first chunk, not after inflating 256 MiB.
        #expect(clock.now - start < .seconds(10))
        try corpus.expectStillHealthy()
    }

    /// A bundle built by the library from large, compressible commits, whose header is then
    /// rewritten to claim a smaller body and re-signed.
    @Test func aLibraryBuiltBundleWithAnUnderstatedBodyLengthIsRefused() throws {
        let corpus = try Corpus()
        for i in 0..<3 {
            try corpus.source.write { tx in
                try tx.insert("cells", id: "big-\(i)", ["t": .text(String(repeating: "0", count: 400_000))])
            }
        }
        let big = try BundleBytes.Parts(corpus.source.bundle())
        #expect(big.header.bodyLength > 1_200_000)
        #expect(big.body.count * 100 < Int(big.header.bodyLength), "the commits are not compressible enough for a bomb")
        for claim in [big.header.bodyLength / 2, 300_000, 1000] {
            var header = big.header
            header.bodyLength = claim
            try corpus.expectRefused(
                BundleBytes.assemble(header: BundleBytes.encode(header), body: big.body, signer: corpus.source.device),
                [.limitExceeded], mentioning: ["expands past"], "bodyLength \(claim) of \(big.header.bodyLength)")
        }
        try corpus.expectStillHealthy()
    }

    // MARK: Signed by the sender, wrong inside

    @Test func signedBundlesWithABodyThatDisagreesWithTheHeaderAreRefused() throws {
        let corpus = try Corpus()
        let commits = try corpus.sourceCommits()
        let records = BundleBytes.records(commits)
        let n = UInt64(commits.count)
        try corpus.expectRefused(
            corpus.bundle(records: records, commitCount: n + 1), [.badBundle], mentioning: ["header says"],
            "one commit fewer than claimed")
        try corpus.expectRefused(
            corpus.bundle(records: records, commitCount: n - 1), [.badBundle], mentioning: ["more commits"],
            "one commit more than claimed")
        try corpus.expectRefused(
            corpus.bundle(records: records, commitCount: n, bodyLength: UInt64(records.count + 1)), [.badBundle],
            mentioning: ["header says"], "body one byte shorter than claimed")
        try corpus.expectRefused(
            corpus.bundle(records: records, commitCount: n, bodyLength: UInt64(records.count - 1)), [.limitExceeded],
            mentioning: ["expands past"], "body one byte longer than claimed")
        try corpus.expectRefused(
            corpus.bundle(records: Array(records.dropLast(10)), commitCount: n), [.badBundle], mentioning: ["ends inside"],
            "last record cut")
        // A deflate stream that stops before its final block.
        var cutStream = corpus.parts.header
        cutStream.bodyLength = UInt64(records.count)
        try corpus.expectRefused(
            BundleBytes.assemble(
                header: BundleBytes.encode(cutStream), body: Array(BundleBytes.stored(records).dropLast(5)),
                signer: corpus.source.device),
            [.badBundle], mentioning: ["cut short"], "deflate stream cut")
        var rng = SeededGenerator(seed: 0xDEF1A7E)
        let noise = (0..<600).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try corpus.expectRefused(
            BundleBytes.assemble(header: BundleBytes.encode(cutStream), body: [0x07] + noise, signer: corpus.source.device),
            [.badBundle], mentioning: ["deflate"], "body is not deflate (reserved block type)")
        try corpus.expectStillHealthy()
    }

    @Test func aSignedBundleWithAnEmptyOrMissingBodyIsRefused() throws {
        let corpus = try Corpus()
        var header = corpus.parts.header
        header.commitCount = 1
        header.bodyLength = 0
        let key = corpus.source.device
        try corpus.expectRefused(
            BundleBytes.assemble(header: BundleBytes.encode(header), body: [], signer: key), [.badBundle],
            mentioning: ["cut short", "header says"], "no body at all, one commit claimed")
        header.commitCount = 0
        try corpus.expectRefused(
            BundleBytes.assemble(header: BundleBytes.encode(header), body: [], signer: key), [.badBundle],
            mentioning: ["cut short"], "no body at all, nothing claimed")
        try corpus.expectStillHealthy()
    }

    /// `Replica.create(at:fromBundle:)` (`cuerda init --from`) with a bundle that passes the
    /// signature check but whose body is bad must fail and leave no replica behind, as
    /// `Replica.create` does for its own failures; otherwise the next `init --from` with a
    /// good bundle fails with "a file already exists".
    @Test func startingAReplicaFromABundleWithABadBodyLeavesNothingBehind() throws {
        let corpus = try Corpus()
        let commits = try corpus.sourceCommits()
        let bad = corpus.bundle(records: BundleBytes.records(commits), commitCount: UInt64(commits.count + 1))
        let bundlePath = try corpus.file(bad)
        let path = corpus.dir.file("joined.cuerda")
        do {
            _ = try Replica.create(at: path, fromBundle: bundlePath)
            Issue.record("a replica was started from a bundle whose body disagrees with its header")
        } catch {
            #expect(error.code == .badBundle, "\(error)")
        }
        for suffix in ["", "-wal", "-shm", ".key"] {
            #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(path + suffix) was left behind")
        }
        // The user's next step, with the good bundle, works.
        let (joined, report) = try Replica.create(at: path, fromBundle: corpus.file(corpus.good))
        #expect(report.applied == 5)
        #expect(try joined.digest() == corpus.source.digest())
    }

    @Test func signedBundlesCarryingBadCommitsAreRefused() throws {
        let corpus = try Corpus()
        let commits = try corpus.sourceCommits()
        // A relay cannot forge a commit: one commit re-signed by another key.
        var forged = commits
        let intruder = DeviceKey()
        forged[3] = SignedCommit(bytes: forged[3].bytes, signature: Array(intruder.sign(forged[3].bytes)))
        try corpus.expectRefused(
            corpus.bundle(records: BundleBytes.records(forged), commitCount: UInt64(forged.count)), [.badSignature],
            mentioning: ["not signed by its device"], "a forged commit signature")
        // A commit whose bytes were changed after signing (same length, still decodes).
        var altered = commits
        let hello = Array("hello".utf8)
        let at = try #require(BundleBytes.firstIndex(of: hello, in: altered[0].bytes), "the first commit should carry 'hello'")
        var bytes = altered[0].bytes
        bytes[at] = UInt8(ascii: "j")
        altered[0] = SignedCommit(bytes: bytes, signature: altered[0].signature)
        try corpus.expectRefused(
            corpus.bundle(records: BundleBytes.records(altered), commitCount: UInt64(altered.count)), [.badSignature],
            mentioning: ["not signed by its device"], "'hello' altered to 'jello'")
        // A commit of a newer format.
        let newer = SignedCommit(bytes: [0x08, 0x02], signature: [UInt8](repeating: 0, count: 64))
        try corpus.expectRefused(
            corpus.bundle(records: BundleBytes.records(commits + [newer]), commitCount: UInt64(commits.count + 1)), [.malformed],
            mentioning: ["format 2"], "a commit of format 2")
        // A record claiming a commit over the 1 MiB limit.
        var huge = WireWriter()
        huge.varint(UInt64(SignedCommit.maxBytes + 1))
        try corpus.expectRefused(
            corpus.bundle(records: huge.bytes + [UInt8](repeating: 0, count: 100), commitCount: 1), [.limitExceeded],
            mentioning: ["limit"], "a record of 1 MiB + 1")
        try corpus.expectStillHealthy()
    }

    // MARK: Foreign and wrongly signed

    @Test func aBundleOfAnotherWorkspaceIsRefused() throws {
        let corpus = try Corpus()
        let strangerDir = TemporaryDirectory("stranger")
        let stranger = try Fixtures.replicas(1, in: strangerDir)[0]
        try stranger.write { tx in try tx.insert("cells", id: "c1", ["a": .text("elsewhere")]) }
        let foreign = try stranger.bundle()
        try corpus.expectRefused(foreign, [.wrongWorkspace], mentioning: [stranger.workspace.hex], "another workspace's bundle")
        // The header forged to name the target's workspace: the commits still give it away.
        var stolen: [SignedCommit] = []
        try stranger.forEachCommit { stolen += $0 }
        try corpus.expectRefused(
            corpus.bundle(records: BundleBytes.records(stolen), commitCount: UInt64(stolen.count)), [.wrongWorkspace],
            mentioning: [stranger.workspace.hex], "another workspace's commits under this workspace's header")
        try corpus.expectStillHealthy()
    }

    @Test func aBadTrailerSignatureIsRefused() throws {
        let corpus = try Corpus()
        let good = corpus.good
        let unsigned = Array(good.dropLast(64))
        let intruder = DeviceKey()
        let cases: [(String, [UInt8])] = [
            ("zero signature", unsigned + [UInt8](repeating: 0, count: 64)),
            ("signed by another key", unsigned + Array(intruder.sign(BundleBytes.sha256(unsigned)))),
            ("signature over the bytes rather than their hash", unsigned + Array(corpus.source.device.sign(unsigned))),
            ("signature of another bundle", unsigned + Array(try corpus.target.bundle().suffix(64))),
            (
                "header names a device the signer is not",
                corpus.withHeaderSignedBy(intruder) { $0.sender = corpus.target.device.id }
            ),
            ("trailer missing", unsigned),
            ("trailer doubled", good + good.suffix(64)),
        ]
        for (what, bytes) in cases {
            try corpus.expectRefused(bytes, [.badSignature], mentioning: ["signature"], what)
        }
        try corpus.expectStillHealthy()
    }

    @Test func filesThatAreNotBundlesAreRefused() throws {
        let corpus = try Corpus()
        try corpus.expectRefused(Array("cuerda bundle\n".utf8), [.badBundle], mentioning: ["magic"], "a text file")
        try corpus.expectRefused(
            Array(#"{"commits": []}"#.utf8) + [UInt8](repeating: 0x20, count: 200), [.badBundle], mentioning: ["magic"], "JSON")
        let replicaFile = try #require(FileManager.default.contents(atPath: corpus.source.path))
        try corpus.expectRefused(Array(replicaFile), [.badBundle], mentioning: ["magic"], "a replica's SQLite file")
        var rng = SeededGenerator(seed: 0x0B5C_0DE5)
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try corpus.expectRefused(noise, [.badBundle], mentioning: ["magic"], "random bytes")
        try corpus.expectRefused(BundleFormat.magic, [.badBundle], mentioning: ["cut short"], "the magic alone")
        try corpus.expectStillHealthy()
    }

    @Test func unreadablePathsAreIOErrors() throws {
        let corpus = try Corpus()
        let before = try corpus.snapshot()
        for (what, path) in [("a missing file", corpus.dir.file("missing.bundle")), ("a directory", corpus.dir.path)] {
            do {
                try corpus.target.importBundle(at: path)
                Issue.record("importing \(what) succeeded")
            } catch {
                #expect(error.code == .io, "\(what): \(error.code) \(error)")
                #expect(error.message.contains("cannot read") && error.message.contains(path), "\(what): \(error)")
            }
        }
        #expect(try corpus.snapshot() == before)
    }

    // MARK: Large bundles

    /// The documented contract of `importBundle(at:)`: "the file is checked whole before
    /// anything is applied". A sender-signed bundle of 1,500 valid commits whose body breaks
    /// after them must leave the target untouched, even though the reader streams in batches
    /// of 1,000.
    @Test func aSignedBundleThatBreaksAfterTheFirstBatchAppliesNothing() throws {
        let writer = DeviceKey()
        for (what, tail, extra) in [
            ("a bomb after the records", BundleBytes.deflatedZeros(8 << 20), 0),
            ("a cut record at the end", BundleBytes.stored([0x80]), 1),
        ] as [(String, [UInt8], Int)] {
            let corpus = try Corpus()
            // Padded so that the first 1,000 commits span several 256 KiB inflate chunks and
            // are handed over before the reader reaches the break.
            let commits = BulkHistory.commits(workspace: corpus.target.workspace, devices: [writer], count: 1500, padding: 300)
            let records = BundleBytes.records(commits)
            let body = BundleBytes.stored(records, final: false) + tail
            let length = records.count + extra
            var header = corpus.parts.header
            header.sender = writer.id
            header.commitCount = 1500
            header.bodyLength = UInt64(length)
            let bytes = BundleBytes.assemble(header: BundleBytes.encode(header), body: body, signer: writer)
            try corpus.expectRefused(bytes, [.badBundle, .limitExceeded], mentioning: [], what)
        }
    }
}

// MARK: - Bundle bytes by hand

/// Takes bundle files apart and puts them together by hand, following `BundleWriter.finish`:
/// `magic(8) | version u16 BE | flags u16 | header length u32 BE | header | raw-deflate body |
/// Ed25519 signature over the SHA-256 of everything before it`.
enum BundleBytes {
    struct Parts {
        let header: BundleHeader
        let headerBytes: [UInt8]
        let body: [UInt8]
        let headerEnd: Int
        let signatureStart: Int

        init(_ file: [UInt8]) throws {
            header = try BundleReader(bytes: file).header
            let length = Int(file[12]) << 24 | Int(file[13]) << 16 | Int(file[14]) << 8 | Int(file[15])
            headerEnd = 16 + length
            signatureStart = file.count - 64
            headerBytes = Array(file[16..<headerEnd])
            body = Array(file[headerEnd..<signatureStart])
        }

        func region(of offset: Int) -> String {
            switch offset {
            case ..<16: "prefix"
            case ..<headerEnd: "header"
            case ..<signatureStart: "body"
            default: "trailer"
            }
        }
    }

    static func bigEndian(_ n: UInt32) -> [UInt8] {
        [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
    }

    /// SHA-256 through the public API: a commit's ID is the SHA-256 of its bytes.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] { SignedCommit(bytes: bytes, signature: []).id }

    static func assemble(header: [UInt8], body: [UInt8], signer: DeviceKey, version: UInt16 = 1, flags: UInt16 = 0) -> [UInt8] {
        var file = BundleFormat.magic
        file += [UInt8(version >> 8), UInt8(version & 0xFF), UInt8(flags >> 8), UInt8(flags & 0xFF)]
        file += bigEndian(UInt32(header.count))
        file += header
        file += body
        file += Array(signer.sign(sha256(file)))
        return file
    }

    /// The header's fields in the writer's order (field numbers of `BundleHeader.encoded`).
    static func encode(_ header: BundleHeader) -> [UInt8] {
        var w = WireWriter()
        w.bytes(1, header.workspace.bytes)
        w.bytes(2, header.sender.bytes)
        for audience in header.audiences { w.string(3, audience.rawValue) }
        for (feed, seq) in header.base.sorted {
            w.message(4) { d in
                d.bytes(1, feed.device.bytes)
                d.string(2, feed.audience.rawValue)
                d.uint(3, seq)
            }
        }
        w.uint(5, header.commitCount)
        w.uint(6, header.bodyLength)
        w.uint(7, header.created)
        w.bytes(8, header.schema)
        return w.bytes
    }

    /// The uncompressed body: per commit, a varint length, the bytes, the signature.
    static func records(_ commits: [SignedCommit]) -> [UInt8] {
        var out: [UInt8] = []
        for commit in commits {
            var w = WireWriter()
            w.varint(UInt64(commit.bytes.count))
            out += w.bytes
            out += commit.bytes
            out += commit.signature
        }
        return out
    }

    /// A raw-deflate stream of stored (uncompressed) blocks.
    static func stored(_ data: [UInt8], final isLast: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let n = min(65_535, data.count - start)
            let final = start + n == data.count
            out.append(final && isLast ? 1 : 0)  // BFINAL, BTYPE 00, padding to the byte
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8 & 0xFF)]
            out += data[start..<(start + n)]
            start += n
        } while start < data.count
        return out
    }

    /// A raw-deflate stream of `count` zero bytes in one fixed-Huffman block: a literal 0,
    /// then matches of length 258 at distance 1 (13 bits each), about 159:1.
    static func deflatedZeros(_ count: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, 1)  // BFINAL
        bits.write(1, 2)  // BTYPE 01: fixed Huffman
        bits.code(0x30, 8)  // literal 0
        var remaining = count - 1
        while remaining >= 258 {
            bits.code(0xC5, 8)  // length symbol 285 (258)
            bits.code(0, 5)  // distance code 0 (1)
            remaining -= 258
        }
        for _ in 0..<remaining { bits.code(0x30, 8) }
        bits.code(0, 7)  // end of block (256)
        return bits.finish()
    }

    struct BitWriter {
        private(set) var bytes: [UInt8] = []
        private var accumulator: UInt32 = 0
        private var pending = 0

        /// Writes `count` bits of `value`, least significant first (deflate's bit order).
        mutating func write(_ value: UInt32, _ count: Int) {
            accumulator |= value << UInt32(pending)
            pending += count
            while pending >= 8 {
                bytes.append(UInt8(accumulator & 0xFF))
                accumulator >>= 8
                pending -= 8
            }
        }

        /// Writes a Huffman code, most significant bit first.
        mutating func code(_ code: UInt32, _ count: Int) {
            var reversed: UInt32 = 0
            for i in 0..<count { reversed |= (code >> UInt32(i) & 1) << UInt32(count - 1 - i) }
            write(reversed, count)
        }

        mutating func finish() -> [UInt8] {
            if pending > 0 { bytes.append(UInt8(accumulator & 0xFF)) }
            accumulator = 0
            pending = 0
            return bytes
        }
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}

extension BadBundleTests.Corpus {
    /// The good bundle with its header changed and signed by `key`.
    func withHeaderSignedBy(_ key: DeviceKey, _ change: (inout BundleHeader) -> Void) -> [UInt8] {
        var header = parts.header
        change(&header)
        return BundleBytes.assemble(header: BundleBytes.encode(header), body: parts.body, signer: key)
    }
}

// MARK: - Long histories without a transaction per commit

/// A long, valid history of the fixture schema, signed by hand: commit `i` (from device
/// `i % devices.count`, depending on everything before it) inserts `cells/row-i` and
/// `grades/g-i` and sets the shared row `cells/counter` to `n = i`.
///
/// So after the first `k` commits are applied in order: `k` row-/g- rows, the counter at
/// `k - 1`, and the feeds' heads summing to `k`.
enum BulkHistory {
    static func rowID(_ i: Int) -> String { "row-" + String(i).leftPadded(to: 6) }
    static func gradeID(_ i: Int) -> String { "g-" + String(i).leftPadded(to: 6) }

    static func commits(workspace: WorkspaceID, devices: [DeviceKey], count: Int, padding: Int = 0) -> [SignedCommit] {
        var heads = VersionVector()
        // An hour ago: far from the drift bound, and every timestamp distinct.
        let start = HybridClock.system() - 3_600_000
        let filler = String(repeating: "p", count: padding)
        var out: [SignedCommit] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let key = devices[i % devices.count]
            let feed = FeedID(device: key.id, audience: .all)
            var deps = heads
            deps[feed] = 0
            var rows = [
                RowOp(
                    table: "cells", row: rowID(i), life: 1,
                    cells: [
                        CellWrite(column: "n", value: .integer(Int64(i))),
                        CellWrite(column: "t", value: .text("commit \(i)" + filler)),
                    ]),
                RowOp(
                    table: "grades", row: gradeID(i), life: 1,
                    cells: [CellWrite(column: "need", value: .text(rowID(i))), CellWrite(column: "letter", value: .text("A"))]),
            ]
            rows.append(
                RowOp(
                    table: "cells", row: "counter", life: i == 0 ? 1 : nil,
                    cells: [CellWrite(column: "n", value: .integer(Int64(i)))]))
            let content = CommitContent(
                workspace: workspace, feed: feed, seq: heads[feed] + 1,
                hlc: Timestamp(milliseconds: start + UInt64(i), counter: 0),
                deps: deps, rows: rows)
            out.append(content.signed(by: key))
            heads[feed] += 1
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

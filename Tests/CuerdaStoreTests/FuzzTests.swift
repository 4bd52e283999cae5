import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// Mutation fuzzing of the store's untrusted inputs: commits, commits re-signed by their own
/// author after being damaged (a member signing garbage), bundle files, join requests and
/// version vectors. Every input either decodes or is refused with a `CuerdaError`; a refusal
/// changes nothing; replicas that accept the same garbage in different orders agree.
///
/// Seeded: every failure names its seed and iteration; `CUERDA_SEED=S` replays one seed and
/// `CUERDA_FUZZ=N` runs about N iterations per target (see `Docs/testing.md`).
@Suite struct FuzzTests {
    /// Real signed commits and bundles of one workspace, written by three replicas with the
    /// random workload; built once, as writing and signing is the slow part.
    struct Corpus: @unchecked Sendable {
        static let shared = Result { try Corpus() }

        let workspace: WorkspaceID
        /// Every commit of the workspace, in a causal order.
        let commits: [SignedCommit]
        /// Authors' keys, to re-sign damaged commits.
        let keys: [DeviceID: DeviceKey]
        /// Whole and partial bundles with the key of the device that wrote each.
        let bundles: [(bytes: [UInt8], sender: DeviceKey)]

        init() throws {
            let dir = TemporaryDirectory("fuzz-corpus")
            let replicas = try Fixtures.replicas(3, in: dir)
            try Fixtures.introduce(replicas)
            var rng = SeededGenerator(seed: 7)
            let workload = RandomWorkload()
            let early = try replicas[1].vector()
            for _ in 0..<6 {
                for replica in replicas { try workload.step(replica, using: &rng) }
            }
            try Fixtures.syncAll(replicas)
            var commits: [SignedCommit] = []
            try replicas[0].forEachCommit { commits += $0 }
            workspace = replicas[0].workspace
            self.commits = commits
            keys = Dictionary(uniqueKeysWithValues: replicas.map { ($0.device.id, $0.device) })
            bundles = [
                (try replicas[0].bundle(), replicas[0].device),
                (try replicas[1].bundle(since: early), replicas[1].device),
                (try replicas[2].bundle(audiences: [.all]), replicas[2].device),
            ]
        }

        /// A new empty replica of the workspace.
        func fresh(in dir: TemporaryDirectory, _ name: String) throws -> Replica {
            try Replica.create(at: dir.file("\(name).cuerda"), workspace: workspace, schema: Fixtures.schema)
        }
    }

    /// The replicated state a refusal must leave untouched.
    struct Snapshot: Equatable {
        var digest: String
        var vector: VersionVector
        var quarantine: Set<GovernedFixtures.QuarantineFact>
        var pending: [String]

        init(_ replica: Replica) throws {
            digest = try replica.digest()
            vector = try replica.vector()
            quarantine = try GovernedFixtures.quarantine(of: replica)
            pending = try replica.log(limit: Int(Int32.max), state: .pending).map { Hex.encode($0.id) }.sorted()
        }
    }

    // MARK: - a. Commit decoding

    /// A damaged commit decodes or throws; whatever decodes re-encodes to a content that
    /// decodes the same; only the unchanged bytes still verify.
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF0))
    func damagedCommitsDecodeOrThrow(seed: UInt64) throws {
        let corpus = try Corpus.shared.get()
        let samples = corpus.commits.map(\.bytes)
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(300, seeds: 4) {
            let original = corpus.commits.randomElement(using: &rng)!
            let bytes = Mutator.mutate(original.bytes, others: samples, using: &rng)
            let damaged = SignedCommit(bytes: bytes, signature: original.signature)
            let context = "seed \(seed) iteration \(iteration): \(Mutator.hex(bytes))"
            // `decode()` throws only `CuerdaError` (typed throws); a crash ends the run.
            if let content = try? damaged.decode() {
                #expect(try CommitContent(decoding: content.encoded()) == content, "\(context)")
            }
            if (try? damaged.verified()) != nil {
                #expect(bytes == original.bytes, "a damaged commit verified: \(context)")
            }
        }
    }

    // MARK: - b. A member signing garbage

    /// Damaged commits re-signed by their own author, delivered with the honest ones to two
    /// fresh replicas in different orders: the batch is refused whole by both (nothing
    /// changes), or both accept it and end with the same digest, vector, quarantine
    /// (reasons included) and pending set.
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF1))
    func garbageSignedByAMemberConvergesOrIsRefused(seed: UInt64) throws {
        let corpus = try Corpus.shared.get()
        let samples = corpus.commits.map(\.bytes)
        let dir = TemporaryDirectory("fuzz-signed")
        var rng = SeededGenerator(seed: seed)
        let empty = try Snapshot(try corpus.fresh(in: dir, "empty"))
        for iteration in 0..<Mutator.iterations(6, seeds: 4) {
            var batch = corpus.commits
            var damaged: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let index = Int.random(in: 0..<corpus.commits.count, using: &rng)
                let author = try corpus.commits[index].decode().feed.device
                let bytes = Mutator.mutate(corpus.commits[index].bytes, others: samples, using: &rng)
                let resigned = SignedCommit(bytes: bytes, signature: Array(corpus.keys[author]!.sign(bytes)))
                damaged.append(Mutator.hex(bytes))
                if Bool.random(using: &rng) { batch[index] = resigned } else { batch.append(resigned) }
            }
            let context = "seed \(seed) iteration \(iteration): damaged \(damaged)"
            let x = try corpus.fresh(in: dir, "x\(iteration)")
            let y = try corpus.fresh(in: dir, "y\(iteration)")
            let xError = Self.ingestError(x, batch)
            let yError = Self.ingestError(y, batch.shuffled(using: &rng))
            #expect((xError == nil) == (yError == nil), "one refused, one accepted: \(context) \(xError ?? yError!)")
            if xError != nil { #expect(try Snapshot(x) == empty, "a refused batch changed x: \(context)") }
            if yError != nil { #expect(try Snapshot(y) == empty, "a refused batch changed y: \(context)") }
            if xError == nil, yError == nil {
                let (sx, sy) = (try Snapshot(x), try Snapshot(y))
                #expect(sx == sy, "the replicas disagree: \(context)\n\(sx.quarantine)\n\(sy.quarantine)")
            }
        }
    }

    /// Found by the fuzzer (`CUERDA_FUZZ=1200`, seed 2685821657736338958, iteration 154): the
    /// author re-signs one of its commits (seq N ≥ 2) with an extra dependency on a feed that
    /// does not exist, so that copy waits forever. Delivered after the honest commit, the fork
    /// is found and both are quarantined; delivered first, both copies used to wait at seq N
    /// behind the bad copy's missing dependency, the feed stuck below N, and the replicas
    /// differed. Commits of a forked feed from the fork on no longer wait for their causal
    /// past: they are quarantined whatever it holds.
    @Test func forkWithAWaitingBranchIsFoundInAnyOrder() throws {
        let corpus = try Corpus.shared.get()
        let dir = TemporaryDirectory("fuzz-fork")
        let contents = try corpus.commits.map { try $0.decode() }
        let index = try #require(contents.firstIndex { $0.seq >= 2 })
        var content = contents[index]
        content.deps[FeedID(device: try DeviceID(bytes: Array(repeating: 0x5A, count: 32)), audience: .all)] = 1
        let branch = content.signed(by: corpus.keys[content.feed.device]!)
        let x = try corpus.fresh(in: dir, "x")
        let y = try corpus.fresh(in: dir, "y")
        try x.ingest(corpus.commits + [branch])
        try y.ingest([branch] + corpus.commits)
        let (sx, sy) = (try Snapshot(x), try Snapshot(y))
        #expect(sx == sy, "x: \(sx.quarantine) pending \(sx.pending)\ny: \(sy.quarantine) pending \(sy.pending)")
        #expect(sx.pending.isEmpty, "a forked feed's commits never wait: \(sx.pending)")
    }

    /// A bundle's body before compression: each commit as a length-prefixed record and its signature.
    static func records(of reader: BundleReader) throws -> [UInt8] {
        var records: [UInt8] = []
        try reader.forEachBatch { batch in
            for commit in batch {
                var w = WireWriter()
                w.varint(UInt64(commit.bytes.count))
                records += w.bytes + commit.bytes + commit.signature
            }
        }
        return records
    }

    static func ingestError(_ replica: Replica, _ batch: [SignedCommit]) -> CuerdaError? {
        do throws(CuerdaError) {
            try replica.ingest(batch)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - c. Bundles

    /// Damaged bundle files, as sent (the trailer no longer matches), re-signed by their
    /// sender (the structure is checked further), and rebuilt around a damaged body: read and
    /// imported, they never crash, and a refusal leaves the replica as it was.
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF2))
    func damagedBundlesAreRefusedWithNothingChanged(seed: UInt64) throws {
        let corpus = try Corpus.shared.get()
        let samples = corpus.bundles.map(\.bytes)
        let dir = TemporaryDirectory("fuzz-bundle")
        let replica = try corpus.fresh(in: dir, "target")
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(40, seeds: 4) {
            let (bundle, sender) = corpus.bundles.randomElement(using: &rng)!
            let mode = iteration % 3
            let bytes: [UInt8]
            switch mode {
            case 0: bytes = Mutator.mutate(bundle, others: samples, using: &rng)
            case 1:
                let body = Mutator.mutate(Array(bundle.dropLast(64)), others: samples, using: &rng)
                bytes = Self.signed(body, by: sender)
            default:
                let reader = try BundleReader(bytes: bundle)
                let records = try Self.records(of: reader)
                let damaged = Mutator.mutate(records, others: corpus.commits.map(\.bytes), using: &rng)
                bytes = Self.bundle(header: reader.header, body: damaged, count: reader.header.commitCount, by: sender)
            }
            let context = "seed \(seed) iteration \(iteration) mode \(mode): \(Mutator.hex(bytes.prefix(4096)))"
            let before = try Snapshot(replica)
            do throws(CuerdaError) {
                try replica.importBundle(try BundleReader(bytes: bytes))
            } catch {
                #expect(try Snapshot(replica) == before, "a refused bundle changed the replica (\(error)): \(context)")
            }
        }
    }

    /// `prefix` with a valid trailer: the sender's signature over its SHA-256.
    static func signed(_ prefix: [UInt8], by key: DeviceKey) -> [UInt8] {
        let digest = SignedCommit(bytes: prefix, signature: []).id  // SHA-256 of the bytes
        return prefix + Array(key.sign(digest))
    }

    /// A bundle file around `body` (stored, uncompressed deflate blocks), with `header`'s
    /// fields and the body's real length, signed by `key`.
    static func bundle(header: BundleHeader, body: [UInt8], count: UInt64, by key: DeviceKey) -> [UInt8] {
        var w = WireWriter()
        w.bytes(1, header.workspace.bytes)
        w.bytes(2, key.id.bytes)
        for audience in header.audiences { w.string(3, audience.rawValue) }
        header.base.encode(into: &w, field: 4)
        w.uint(5, count)
        w.uint(6, UInt64(body.count))
        w.uint(7, header.created)
        w.bytes(8, header.schema)
        var deflate: [UInt8] = []
        var rest = body[...]
        repeat {
            let block = rest.prefix(0xFFFF)
            rest = rest.dropFirst(block.count)
            let n = UInt16(block.count)
            deflate += [rest.isEmpty ? 1 : 0, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)] + block
        } while !rest.isEmpty
        let n = UInt32(w.bytes.count)
        var file = BundleFormat.magic + [0, 1, 0, 0]
        file += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + w.bytes + deflate
        return signed(file, by: key)
    }

    /// The hand-built bundle writer agrees with the library: an undamaged rebuild imports.
    @Test func rebuiltBundlesImport() throws {
        let corpus = try Corpus.shared.get()
        let dir = TemporaryDirectory("fuzz-rebuilt")
        let (bundle, sender) = corpus.bundles[0]
        let reader = try BundleReader(bytes: bundle)
        let records = try Self.records(of: reader)
        let rebuilt = Self.bundle(header: reader.header, body: records, count: reader.header.commitCount, by: sender)
        let a = try corpus.fresh(in: dir, "a")
        let b = try corpus.fresh(in: dir, "b")
        try a.importBundle(BundleReader(bytes: rebuilt))
        try b.importBundle(BundleReader(bytes: bundle))
        #expect(try a.digest() == b.digest())
        #expect(try a.vector() == b.vector() && a.vector() != VersionVector())
    }

    /// `cuerda init --from` on damaged welcome bundles (re-signed, so the header and its
    /// schema are read): a replica is made, or the join fails and leaves no file behind.
    @Test(arguments: SeededGenerator.seeds(2, salt: 0xF3))
    func joiningFromDamagedBundles(seed: UInt64) throws {
        let corpus = try Corpus.shared.get()
        let dir = TemporaryDirectory("fuzz-join")
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(10, seeds: 2) {
            let (bundle, sender) = corpus.bundles.randomElement(using: &rng)!
            let headerLength = Int(bundle[12]) << 24 | Int(bundle[13]) << 16 | Int(bundle[14]) << 8 | Int(bundle[15])
            let header = Mutator.mutate(Array(bundle[16..<(16 + headerLength)]), using: &rng)
            var file = Array(bundle[0..<12])
            let n = UInt32(header.count)
            file += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + header
            file += bundle[(16 + headerLength)..<(bundle.count - 64)]
            let bytes = Self.signed(file, by: sender)
            let path = dir.file("welcome-\(iteration).bundle")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let replicaPath = dir.file("joined-\(iteration).cuerda")
            let context = "seed \(seed) iteration \(iteration): header \(Mutator.hex(header))"
            do throws(CuerdaError) {
                _ = try Replica.create(at: replicaPath, fromBundle: path)
            } catch {
                let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
                    $0.hasPrefix("joined-\(iteration)")
                }
                #expect(left.isEmpty, "a failed join left \(left) (\(error)): \(context)")
            }
        }
    }

    // MARK: - d. Join requests and version vectors

    /// A damaged join request is read or refused; one that is read names the same device and
    /// name as the original (the signature covers both).
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF4))
    func damagedJoinRequestsAreReadOrRefused(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let keys = (0..<3).map { _ in GovernedFixtures.key(using: &rng) }
        let requests = try zip(keys, ["Sara", "Zoë Ñandú-Łukasz", String(repeating: "x", count: 100)]).map {
            try JoinRequest(key: $0, name: $1, team: "sales")
        }
        let samples = requests.map { Array($0.encoded) }
        for iteration in 0..<Mutator.iterations(300, seeds: 4) {
            let original = requests.randomElement(using: &rng)!
            let bytes = Mutator.mutate(Array(original.encoded), others: samples, using: &rng)
            let context = "seed \(seed) iteration \(iteration): \(Mutator.hex(bytes))"
            do throws(CuerdaError) {
                let request = try JoinRequest(decoding: Data(bytes))
                #expect(requests.contains(request), "an altered request was accepted: \(context)")
            } catch {
                #expect([.malformed, .badSignature, .invalidArgument].contains(error.code), "\(error): \(context)")
            }
        }
    }

    /// Damaged version vectors (as stored in peer records and bundle headers) decode or throw,
    /// and whatever decodes round-trips.
    @Test(arguments: SeededGenerator.seeds(4, salt: 0xF5))
    func damagedVectorsDecodeOrThrow(seed: UInt64) throws {
        let corpus = try Corpus.shared.get()
        var vectors: [VersionVector] = [VersionVector()]
        for commit in corpus.commits { vectors.append(try commit.decode().deps) }
        for bundle in corpus.bundles { vectors.append(try BundleReader(bytes: bundle.bytes).header.base) }
        let samples = vectors.map { $0.encoded() }.filter { !$0.isEmpty }
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<Mutator.iterations(300, seeds: 4) {
            let bytes = Mutator.mutate(samples.randomElement(using: &rng)!, others: samples, using: &rng)
            let context = "seed \(seed) iteration \(iteration): \(Mutator.hex(bytes))"
            do throws(CuerdaError) {
                let vector = try VersionVector(encoded: bytes)
                #expect(try VersionVector(encoded: vector.encoded()) == vector, "\(context)")
            } catch {
                #expect(error.code == .malformed || error.code == .invalidArgument, "\(error): \(context)")
            }
            _ = try? Charter(bytes: Array(bytes.prefix(48)))
            _ = try? DeviceID(hex: String(decoding: bytes, as: UTF8.self))
        }
    }
}

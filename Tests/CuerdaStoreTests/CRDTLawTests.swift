import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

/// Merge is commutative, associative and idempotent for every policy: LWW cells,
/// multi-value cells, max cells and row life. Sets of concurrent commits are applied in different
/// orders and groupings to fresh replicas, which must end with equal digests.
@Suite struct CRDTLawTests {
    enum Policy: String, CaseIterable, CustomTestStringConvertible {
        case lww, multiValue, max, rowLife
        var testDescription: String { rawValue }
    }

    /// One random change of the given policy, on a tiny pool of rows so that writes collide.
    static func step<G: RandomNumberGenerator>(_ policy: Policy, _ replica: Replica, using rng: inout G) throws {
        let row = "row-\(Int.random(in: 0..<3, using: &rng))"
        let value = RandomWorkload.value(using: &rng)
        try replica.write { tx in
            switch policy {
            case .lww:
                if try tx.exists("cells", id: row) {
                    try tx.update("cells", id: row, ["a": value])
                } else {
                    try tx.insert("cells", id: row, ["a": value])
                }
            case .multiValue:
                let letter = Value.text(["A", "B", "C", "F"].randomElement(using: &rng)!)
                if try tx.exists("grades", id: row) {
                    try tx.update("grades", id: row, ["letter": letter])
                } else {
                    try tx.insert("grades", id: row, ["letter": letter])
                }
            case .max:
                if try tx.exists("cells", id: row) {
                    try tx.update("cells", id: row, ["peak": value])
                } else {
                    try tx.insert("cells", id: row, ["peak": value])
                }
            case .rowLife:
                if try tx.exists("cells", id: row) {
                    try tx.delete("cells", id: row)
                } else {
                    try tx.insert("cells", id: row, ["b": value])
                }
            }
        }
    }

    /// Three commit sets written concurrently by three devices that sometimes exchange.
    static func commitSets(_ policy: Policy, seed: UInt64, in dir: TemporaryDirectory) throws -> (
        sets: [[SignedCommit]], fresh: () throws -> Replica
    ) {
        var rng = SeededGenerator(seed: seed)
        let all = try Fixtures.replicas(3 + 6, in: dir)
        let writers = Array(all[0..<3])
        for _ in 0..<8 {
            for writer in writers { try step(policy, writer, using: &rng) }
            if Bool.random(using: &rng) {
                let (a, b) = (writers.randomElement(using: &rng)!, writers.randomElement(using: &rng)!)
                if a !== b { try b.importBundle(BundleReader(bytes: a.bundle())) }
            }
        }
        let sets = try writers.map { writer in
            var own: [SignedCommit] = []
            try writer.forEachCommit(since: VersionVector(), audiences: nil) { commits in
                own += commits.filter { (try? $0.decode().feed.device) == writer.device.id }
            }
            return own
        }
        var spare = Array(all[3...])
        return (sets, { spare.removeFirst() })
    }

    @Test(arguments: Policy.allCases, SeededGenerator.seeds(SeededGenerator.soak(12), salt: 10))
    func mergeIsCommutative(policy: Policy, seed: UInt64) throws {
        let dir = TemporaryDirectory("law")
        let (sets, fresh) = try Self.commitSets(policy, seed: seed, in: dir)
        let x = try fresh()
        let y = try fresh()
        try x.ingest(sets[0])
        try x.ingest(sets[1])
        try y.ingest(sets[1])
        try y.ingest(sets[0])
        #expect(try x.digest() == y.digest(), "seed \(seed)")
    }

    @Test(arguments: Policy.allCases, SeededGenerator.seeds(SeededGenerator.soak(12), salt: 11))
    func mergeIsAssociative(policy: Policy, seed: UInt64) throws {
        let dir = TemporaryDirectory("law")
        let (sets, fresh) = try Self.commitSets(policy, seed: seed, in: dir)
        let x = try fresh()
        let y = try fresh()
        try x.ingest(sets[0] + sets[1])
        try x.ingest(sets[2])
        try y.ingest(sets[0])
        try y.ingest((sets[1] + sets[2]).reversed())
        #expect(try x.digest() == y.digest(), "seed \(seed)")
    }

    @Test(arguments: Policy.allCases, SeededGenerator.seeds(SeededGenerator.soak(12), salt: 12))
    func mergeIsIdempotent(policy: Policy, seed: UInt64) throws {
        let dir = TemporaryDirectory("law")
        let (sets, fresh) = try Self.commitSets(policy, seed: seed, in: dir)
        let x = try fresh()
        try x.ingest(sets.flatMap { $0 })
        let once = try x.digest()
        let vector = try x.vector()
        let again = try x.ingest(sets[1] + sets[0])
        #expect(again.applied == 0 && again.duplicates == sets[0].count + sets[1].count)
        #expect(try x.digest() == once, "seed \(seed)")
        #expect(try x.vector() == vector)
    }
}

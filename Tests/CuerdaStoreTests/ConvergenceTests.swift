import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

/// Replicas edit concurrently and exchange random subsets of commits, duplicated and out of
/// order; once everyone has everything, every digest is equal.
@Suite struct ConvergenceTests {
    /// One random schedule: `replicas` devices, `steps` local transactions each, with
    /// partial deliveries interleaved.
    static func runSchedule(seed: UInt64, replicas count: Int, steps: Int) throws {
        var rng = SeededGenerator(seed: seed)
        let dir = TemporaryDirectory("conv")
        let replicas = try Fixtures.replicas(count, in: dir)
        let workload = RandomWorkload()
        for _ in 0..<steps {
            for replica in replicas { try workload.step(replica, using: &rng) }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                try deliverRandomSubset(replicas, using: &rng)
            }
        }
        // Deliver everything, in shuffled order, twice over (duplicates).
        for _ in 0..<2 {
            for target in replicas.shuffled(using: &rng) {
                var all: [SignedCommit] = []
                for source in replicas where source !== target {
                    try source.forEachCommit { all += $0 }
                }
                all.shuffle(using: &rng)
                try target.ingest(all)
            }
        }
        let digests = try replicas.map { try $0.digest() }
        #expect(Set(digests).count == 1, "replicas diverged; replay with CUERDA_SEED=\(seed)")
        for replica in replicas {
            #expect(try replica.pendingCount() == 0, "commits left pending; replay with CUERDA_SEED=\(seed)")
            #expect(try replica.quarantine().isEmpty, "unexpected quarantine; replay with CUERDA_SEED=\(seed)")
        }
    }

    /// A random subset of one replica's commits (causal order broken on purpose), delivered
    /// to another, sometimes as a bundle of the delta since a stale vector.
    static func deliverRandomSubset<G: RandomNumberGenerator>(_ replicas: [Replica], using rng: inout G) throws {
        let source = replicas.randomElement(using: &rng)!
        let target = replicas.randomElement(using: &rng)!
        guard source !== target else { return }
        if Bool.random(using: &rng) {
            let stale = try target.vector()
            try target.importBundle(BundleReader(bytes: source.bundle(since: stale)))
        } else {
            var commits: [SignedCommit] = []
            try source.forEachCommit { commits += $0 }
            let subset = commits.filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }.shuffled(using: &rng)
            try target.ingest(subset + subset.prefix(2))
        }
    }

    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(200), salt: 1))
    func randomSchedulesConverge(seed: UInt64) throws {
        var pick = SeededGenerator(seed: seed)
        try Self.runSchedule(seed: seed, replicas: Int.random(in: 3...5, using: &pick), steps: 12)
    }

    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(3), salt: 2))
    func longSchedulesOfTwoHundredOpsEachConverge(seed: UInt64) throws {
        // ~200 changes per replica: 100 transactions of 1–3 changes.
        try Self.runSchedule(seed: seed, replicas: 3, steps: 100)
    }
}

import CuerdaCore
import CuerdaNet
import CuerdaStore
import CuerdaTestSupport
import Testing

@Suite struct LoopbackSyncTests {
    @Test func twoReplicasConverge() async throws {
        let dir = TemporaryDirectory()
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        var rng = SeededGenerator(seed: 7)
        let workload = RandomWorkload()
        for _ in 0..<50 {
            try workload.step(replicas[0], using: &rng)
            try workload.step(replicas[1], using: &rng)
        }
        // On threads of their own: other suites keep the shared executor busy, and a session
        // waiting for a turn there looks silent to its peer (see NetHarness.onNetworkThreads).
        let report = try await NetHarness.onNetworkThreads {
            let server = try await SyncServer.bind(replica: replicas[0])
            async let serving: Void = server.run(limit: 1) { _ in }
            let report = try await SyncClient.sync(replica: replicas[1], host: "127.0.0.1", port: server.port)
            try await serving
            return report
        }
        #expect(report.sent > 0)
        #expect(report.received.received > 0)
        #expect(try replicas[0].digest() == replicas[1].digest())
        #expect(try replicas[0].vector() == replicas[1].vector())
    }
}

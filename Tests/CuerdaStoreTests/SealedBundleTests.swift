import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

@Suite struct SealedBundleTests {
    /// Marketing (Marta, Mateo) writes a shared item and a private plan; Marta seals what
    /// sales lacks to sales.
    static func sealedForSales() throws -> (GovernedWorkspace, lead: GovernedDevice, member: GovernedDevice, file: String) {
        let (workspace, lead, member, _) = try GovernedWorkspace.standard("sealed")
        try workspace.founder.replica.write { tx in
            try tx.insert("items", id: "i1", ["title": .text("Launch review")])
            try tx.insert("plans", id: "p1", ["body": .text(GovernedFixtures.marketingMarker)])
        }
        let file = workspace.directory.file("for-sales.sealed")
        let (report, recipients) = try workspace.founder.replica.exportSealed(
            to: file, team: "sales", since: lead.replica.vector())
        #expect(recipients == 2 && report.commits == 1, "one shared commit, for Luis and Sara")
        return (workspace, lead, member, file)
    }

    @Test func everyDeviceOfTheTeamOpensItAndNoOtherDeviceCan() throws {
        let (workspace, lead, member, file) = try Self.sealedForSales()
        defer { withExtendedLifetime(workspace) {} }
        #expect(Replica.isSealedFile(at: file))
        for device in [lead, member] {
            let report = try device.replica.importSealed(at: file)
            #expect(report.applied == 1)
            #expect(try device.replica.row("items", id: "i1") != nil)
        }
        let mateo = try #require(workspace.devices.first { $0.name == "Mateo" })
        let before = try mateo.replica.digest()
        let error = try #require(throws: CuerdaError.self) { try mateo.replica.importSealed(at: file) }
        #expect(error.code == .badBundle && error.message.contains("sealed to sales"), "\(error)")
        #expect(try mateo.replica.digest() == before)
    }

    @Test func theFileHoldsNoPrivateDataOfTheSender() throws {
        let (workspace, lead, _, file) = try Self.sealedForSales()
        defer { withExtendedLifetime(workspace) {} }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        let (header, plain) = try SealedBundle.open(bytes, as: lead.replica.device)
        #expect(header.team == "sales")
        let reader = try BundleReader(bytes: plain)
        #expect(reader.header.audiences == [.all])
        #expect(Data(bytes).range(of: Data(GovernedFixtures.marketingMarker.utf8)) == nil)
        var commits: [SignedCommit] = []
        try reader.forEachBatch(maxCommits: 100) { commits += $0 }
        #expect(commits.allSatisfy { Data($0.bytes).range(of: Data(GovernedFixtures.marketingMarker.utf8)) == nil })
    }

    /// Bit flips anywhere (prefix, header, body, signature) and cuts at any length are
    /// refused whole with a clear error; the replica is unchanged.
    @Test(arguments: [21, 22, 23, 24])
    func tamperedOrTruncatedFilesAreRefusedAndChangeNothing(seed: UInt64) throws {
        let (workspace, lead, _, file) = try Self.sealedForSales()
        defer { withExtendedLifetime(workspace) {} }
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        var random = SeededGenerator(seed: seed)
        let before = try lead.replica.digest()
        let damaged = lead.replica.path + ".damaged"
        for round in 0..<40 {
            var bytes = original
            if round % 4 == 3 {
                bytes.removeLast(Int.random(in: 1..<bytes.count, using: &random))
            } else {
                // Spread the flips over the regions: the first rounds aim at the prefix and header.
                let limit = round < 8 ? min(bytes.count, 400) : bytes.count
                let offset = Int.random(in: 0..<limit, using: &random)
                bytes[offset] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            }
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))
            #expect(throws: CuerdaError.self, "seed \(seed), round \(round)") { try lead.replica.importSealed(at: damaged) }
        }
        #expect(try lead.replica.digest() == before, "seed \(seed)")
        #expect(try lead.replica.importSealed(at: file).applied == 1, "the intact file still opens")
    }

    @Test func aFileOfAnotherWorkspaceOrFromAStrangerIsRefused() throws {
        let (workspace, lead, _, file) = try Self.sealedForSales()
        let (other, otherLead, _, _) = try GovernedWorkspace.standard("sealed-other")
        defer { withExtendedLifetime((workspace, other)) {} }
        let error = try #require(throws: CuerdaError.self) { try otherLead.replica.importSealed(at: file) }
        #expect(error.code == .wrongWorkspace)
        // A stranger seals a file to a member, with the right workspace ID and a valid signature.
        let stranger = DeviceKey()
        let plain = try lead.replica.bundle(audiences: [.all])
        let forged = try SealedBundle.seal(
            plain, workspace: lead.replica.workspace, sender: stranger, team: "sales", recipients: [lead.id], created: 0)
        let path = lead.replica.path + ".forged"
        try Data(forged).write(to: URL(fileURLWithPath: path))
        let refused = try #require(throws: CuerdaError.self) { try lead.replica.importSealed(at: path) }
        #expect(refused.message.contains("not a member"), "\(refused)")
    }
}

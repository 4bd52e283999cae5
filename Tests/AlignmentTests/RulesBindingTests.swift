import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// The practices' schema names its rules, so that a replica is never opened, created or
/// joined with other rules: judged by different rules, two replicas would diverge.
@Suite struct RulesBindingTests {
    static func expectRefusal(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("opened with the wrong rules", sourceLocation: sourceLocation)
        } catch let error as CuerdaError {
            #expect(error.code == .invalidArgument, sourceLocation: sourceLocation)
            #expect(error.message.contains(PracticeRules.name), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aReplicaOfThePracticesOpensOnlyWithTheirRules() throws {
        let office = try AlignmentOffice("rules-open")
        let path = office.sara.replica.path
        Self.expectRefusal { _ = try Replica.open(at: path) }
        Self.expectRefusal { _ = try Replica.open(at: path, options: .init(rules: OpenWriteRules())) }
        #expect(try Replica.open(at: path, options: .practices).schema.name == AlignmentSchema.name)
        #expect(try AlignmentReplica.open(at: path).replica.schema.rules == PracticeRules.name)
    }

    @Test func aNewReplicaOfThePracticesNeedsTheirRules() throws {
        let office = try AlignmentOffice("rules-create")
        let directory = office.workspace.directory
        Self.expectRefusal {
            _ = try Replica.found(
                at: directory.file("plain.cuerda"), team: "marketing", name: "Ana", schema: AlignmentSchema.schema)
        }
        // A device joining from a bundle gets the schema, and with it the rules' name, from the file.
        let bundle = directory.file("welcome.bundle")
        try office.marta.replica.exportBundle(to: bundle)
        Self.expectRefusal { _ = try Replica.create(at: directory.file("joiner.cuerda"), fromBundle: bundle) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("joiner.cuerda")), "a refused join leaves no file")
    }

    @Test func aSchemaThatNamesNoRulesOpensWithAny() throws {
        let dir = TemporaryDirectory()
        let replica = try Fixtures.replicas(1, in: dir)[0]
        #expect(replica.schema.rules == nil)
        #expect(try Replica.open(at: replica.path, options: .practices).schema == replica.schema)
    }
}

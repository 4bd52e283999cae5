import ArgumentParser
import CuerdaCore
import CuerdaStore
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a replica: a new workspace, or a new device of one from a bundle.",
        discussion: """
            Examples:
              cuerda init --schema schema.json            # found a new workspace
              cuerda init --from marketing.bundle         # start a replica from a bundle
            """)

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("The application schema (JSON) of a new workspace.", valueName: "file"))
    var schema: String?

    @Option(help: ArgumentHelp("A bundle to start the replica from (joins its workspace).", valueName: "file"))
    var from: String?

    func validate() throws {
        guard (schema == nil) != (from == nil) else { throw ValidationError("give exactly one of --schema or --from") }
    }

    func run() throws {
        if let from {
            let (created, report) = try Replica.create(at: replica.path, fromBundle: from)
            print("Joined workspace \(created.workspace) as device \(created.device.id.short) at \(replica.path)")
            print("Imported: \(report)")
        } else if let schema {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: schema)) } catch {
                throw CuerdaError(.io, "cannot read \(schema)")
            }
            let parsed: Schema
            do { parsed = try JSONDecoder().decode(Schema.self, from: data) } catch {
                throw CuerdaError(.invalidArgument, "\(schema) is not a valid schema", underlying: Self.describe(error))
            }
            var generator = SystemRandomNumberGenerator()
            let created = try Replica.create(at: replica.path, workspace: .random(using: &generator), schema: parsed)
            print("Created workspace \(created.workspace) with device \(created.device.id.short) at \(replica.path)")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "not JSON"
        }
    }
}

import Alignment
import ArgumentParser
import CuerdaCore
import CuerdaStore
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a replica: a new workspace, or a new device of one from a bundle.",
        discussion: """
            With --team, this device founds a governed workspace as a lead of that team: only \
            members admitted by a lead (see `cuerda admit`) can then write or sync. Without it, \
            the workspace is open: every device that holds it may write.

            Examples:
              cuerda init --team marketing --name "Marta Ruiz"      # the six practices
              cuerda init --schema schema.json --team sales --name "Leo"  # another application
              cuerda init --from welcome.bundle           # after `cuerda join` and `cuerda admit`
              cuerda init --schema schema.json            # an open workspace
            """)

    @OptionGroup var replica: ReplicaOptions

    @Option(
        help: ArgumentHelp("The application schema (JSON) of a new workspace.", valueName: "file"),
        completion: .file(extensions: ["json"]))
    var schema: String?

    @Option(
        help: ArgumentHelp("A bundle to start the replica from (joins its workspace).", valueName: "file"), completion: .file())
    var from: String?

    @Option(
        help: ArgumentHelp("Found a governed workspace, as a lead of this team.", valueName: "team"),
        completion: .list(Completions.teams))
    var team: String?

    @Option(help: ArgumentHelp("The founder's name, shown in `cuerda members`.", valueName: "name"))
    var name: String?

    func validate() throws {
        guard schema == nil || from == nil else { throw ValidationError("give --schema or --from, not both") }
        guard schema != nil || from != nil || team != nil else {
            throw ValidationError("give --team (a new workspace), --schema or --from")
        }
        if from != nil, team != nil || name != nil { throw ValidationError("--team and --name go with --schema") }
        if name != nil, team == nil { throw ValidationError("--name needs --team") }
    }

    func run() throws {
        if let from {
            let (created, report) = try Replica.create(at: replica.path, fromBundle: from, options: ReplicaOptions.options)
            print("Joined workspace \(created.workspace) as device \(created.device.id.short) at \(replica.path)")
            print("Imported: \(report)")
        } else {
            try create(schema: schema.map(Self.load) ?? AlignmentSchema.schema)
        }
    }

    private func create(schema parsed: Schema) throws {
        if let team {
            // The six practices know three teams; another application names its own.
            if parsed.name == AlignmentSchema.name { _ = try Team(parsing: team) }
            let founded = try Replica.found(
                at: replica.path, team: team, name: name ?? "founder", schema: parsed, options: ReplicaOptions.options)
            print(
                "Founded workspace \(founded.workspace) with device \(founded.device.id.short) (lead of \(team)) "
                    + "at \(replica.path)")
        } else {
            var generator = SystemRandomNumberGenerator()
            let created = try Replica.create(at: replica.path, workspace: .random(using: &generator), schema: parsed)
            print(
                "Created workspace \(created.workspace) with device \(created.device.id.short) at \(replica.path) "
                    + "(open: every device that holds it may write; --team founds a governed one)")
        }
    }

    private static func load(_ schema: String) throws -> Schema {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: schema)) } catch {
            throw CuerdaError(.io, "cannot read \(schema)")
        }
        do { return try JSONDecoder().decode(Schema.self, from: data) } catch {
            throw CuerdaError(.invalidArgument, "\(schema) is not a valid schema", underlying: Self.describe(error))
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

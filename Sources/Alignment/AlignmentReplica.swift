import CuerdaCore
import CuerdaStore

/// Who is working on this replica: the member its device belongs to.
public struct Actor: Sendable, Hashable, Codable {
    public var name: String
    public var team: Team
    public var role: Role
    public var device: String

    public var isLead: Bool { role == .lead }
}

/// A replica of the six practices: typed reads, writes and reports over the engine's
/// ``Replica``. Every record replicates like any other row; this type only knows what the
/// rows mean.
///
/// The practices need a governed workspace: every write is attributed to a member of a
/// team, and the schema's write rules decide which team may write what.
public final class AlignmentReplica: Sendable {
    public let replica: Replica

    /// Wraps a replica of the Alignment schema.
    /// - Throws: ``CuerdaError`` `.invalidArgument` if the replica holds another application.
    public init(_ replica: Replica) throws(CuerdaError) {
        guard replica.schema.name == AlignmentSchema.name else {
            throw CuerdaError(
                .invalidArgument,
                "this replica holds the '\(replica.schema.name)' application, not the six practices "
                    + "(create one with `cuerda init --team TEAM --name NAME`)")
        }
        self.replica = replica
    }

    /// Founds a workspace of the six practices at `path`, this device a lead of `team`.
    public static func found(at path: String, team: Team, name: String, options: Replica.Options = .practices)
        throws(CuerdaError) -> AlignmentReplica
    {
        try AlignmentReplica(
            Replica.found(at: path, team: team.rawValue, name: name, schema: AlignmentSchema.schema, options: options))
    }

    /// Opens a replica of the six practices with their rules.
    public static func open(at path: String, options: Replica.Options = .practices) throws(CuerdaError) -> AlignmentReplica {
        try AlignmentReplica(Replica.open(at: path, options: options))
    }

    /// The member running this replica.
    /// - Throws: `.rejectedWrite` if the device is not (or no longer) an active member.
    public func actor() throws(CuerdaError) -> Actor {
        guard let membership = try replica.membership() else {
            throw CuerdaError(
                .rejectedWrite,
                "this workspace is open (no members): the practices need one founded with `cuerda init --team`")
        }
        guard let record = membership.active(replica.device.id), let team = Team(rawValue: record.team) else {
            throw CuerdaError(.rejectedWrite, "this device is not an active member of a team of the workspace")
        }
        return Actor(name: record.name, team: team, role: record.role, device: replica.device.id.short)
    }

    /// The actor, if it is a lead (`what` names the action for the error).
    public func lead(for what: String) throws(CuerdaError) -> Actor {
        let actor = try actor()
        guard actor.isLead else { throw CuerdaError(.rejectedWrite, "only a team lead may \(what)") }
        return actor
    }

    /// Runs a write, turning any error into a ``CuerdaError`` that names what was attempted.
    @discardableResult
    public func perform<T>(_ what: String, _ body: (WriteTransaction) throws -> T) throws(CuerdaError) -> T {
        do { return try replica.write(body) } catch let error as CuerdaError { throw error } catch {
            throw CuerdaError(.storage, "cannot \(what)", underlying: "\(error)")
        }
    }

    /// The active members by name, for owners, recognitions and graders' names.
    public func members() throws(CuerdaError) -> [DeviceMembership] {
        guard let membership = try replica.membership() else { return [] }
        return membership.devices.values.filter { !$0.revoked }.sorted { ($0.name, $0.device.hex) < ($1.name, $1.device.hex) }
    }
}

extension Replica.Options {
    /// The options of a replica of the six practices: the report-card rules (``PracticeRules``).
    public static var practices: Replica.Options { Replica.Options(rules: PracticeRules()) }
}

/// Reading typed values out of a row's cells.
extension [String: Value] {
    func text(_ column: String) -> String? {
        if case .text(let text)? = self[column] { return text }
        return nil
    }

    func integer(_ column: String) -> Int64? {
        if case .integer(let value)? = self[column] { return value }
        return nil
    }

    /// The `amount` and `currency` columns as money.
    func money() -> Money? {
        // Rows are untrusted (any peer, or `cuerda put`): an amount out of range is unreadable.
        guard let amount = integer("amount"), amount.magnitude <= Money.maxMinorUnits.magnitude, let code = text("currency"),
            let currency = try? Currency(code)
        else {
            return nil
        }
        return Money(minorUnits: amount, currency: currency)
    }
}

extension WriteTransaction {
    /// Creates the row, or changes its cells if it exists: for rows with a deterministic ID
    /// (a target per period, a wording per cycle) that anyone may set first.
    public func upsert(_ table: String, id: String, _ values: [String: Value]) throws(CuerdaError) {
        if try exists(table, id: id) { try update(table, id: id, values) } else { try insert(table, id: id, values) }
    }
}

extension Money {
    /// The cells that store an amount.
    var cells: [String: Value] { ["amount": .integer(minorUnits), "currency": .text(currency.code)] }
}

import Alignment
import CuerdaCore
import CuerdaStore

/// A six-practices workspace for tests: the founder is Marta (marketing lead); Mateo is a
/// marketer; Luis leads sales, Sara is a field rep; Elena is the executive (leadership lead).
/// Every device is admitted the way users do it (join request, admission, welcome bundle).
public final class AlignmentOffice {
    public let workspace: GovernedWorkspace
    public let marta: AlignmentReplica
    public let mateo: AlignmentReplica
    public let luis: AlignmentReplica
    public let sara: AlignmentReplica
    public let elena: AlignmentReplica

    public init(_ label: String = "office", options: Replica.Options = .practices) throws {
        workspace = try GovernedWorkspace(
            label, team: Team.marketing.rawValue, name: "Marta", schema: AlignmentSchema.schema, options: options)
        let founder = workspace.founder
        let luis = try workspace.join("Luis", team: Team.sales.rawValue, role: .lead, admittedBy: founder)
        let sara = try workspace.join("Sara", team: Team.sales.rawValue, admittedBy: luis)
        let mateo = try workspace.join("Mateo", team: Team.marketing.rawValue, admittedBy: founder)
        let elena = try workspace.join("Elena", team: Team.leadership.rawValue, role: .lead, admittedBy: founder)
        try workspace.syncAll()
        marta = try AlignmentReplica(founder.replica)
        self.luis = try AlignmentReplica(luis.replica)
        self.sara = try AlignmentReplica(sara.replica)
        self.mateo = try AlignmentReplica(mateo.replica)
        self.elena = try AlignmentReplica(elena.replica)
    }

    public var everyone: [AlignmentReplica] { [marta, mateo, luis, sara, elena] }

    /// Delivers every commit each replica may pass to each other, until nothing moves.
    public func syncAll() throws { try workspace.syncAll() }
}

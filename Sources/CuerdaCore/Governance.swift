/// The verdict of a governed workspace on a commit: is its writer a member, may that member
/// write to this audience and these tables, and may it change these memberships?
///
/// A pure function of the commit and the membership folded from the facts in the commit's
/// causal past, so that every replica reaches the same verdict, whatever it learned since.
public enum Governance {
    /// Nil to accept the commit, or the reason to quarantine it.
    ///
    /// - Parameter past: the rows in the commit's causal past of the tables with a
    ///   `teamColumn` rule, so that a row written by one side is not changed or deleted by another.
    public static func verdict(on commit: CommitContent, membership: Membership, schema: Schema, past: CausalPast)
        -> String?
    {
        let writer = commit.feed.device
        let founder = writer == membership.charter.founder
        let record = membership.active(writer)
        if record == nil, !founder {
            return membership.devices[writer] != nil
                ? "device \(writer.short) was revoked before this commit"
                : "device \(writer.short) is not a member of the workspace"
        }
        if let team = commit.feed.audience.teamName, record?.team != team {
            return "device \(writer.short) (\(record?.team ?? "no team")) may not write to \(commit.feed.audience)"
        }
        for row in commit.rows {
            let refusal =
                row.table == MembersTable.name
                ? membersVerdict(row, writer: writer, record: record, membership: membership)
                : tableVerdict(row, record: record, founder: founder, schema: schema, past: past)
            if let refusal { return refusal }
        }
        return nil
    }

    /// Application tables: the schema's writer rule.
    private static func tableVerdict(
        _ row: RowOp, record: DeviceMembership?, founder: Bool, schema: Schema, past: CausalPast
    ) -> String? {
        guard let rule = schema.table(row.table)?.writers else { return nil }
        guard let record else { return "the founder must join a team before writing \(row.table)" }
        if !rule.teams.isEmpty, !rule.teams.contains(record.team) {
            return "\(record.team) may not write \(row.table) (only \(rule.teams.joined(separator: ", ")))"
        }
        if let roles = rule.roles, !roles.contains(record.role) {
            return "only \(roles.map(\.rawValue).joined(separator: ", ")) of a team may write \(row.table)"
        }
        if let column = rule.teamColumn {
            // The row's side as the writer had seen it: another side may not change or delete it.
            if let owner = past.row(row.table, row.row)?[column], owner != .text(record.team) {
                return "\(row.table)/\(row.row) belongs to \(owner.text ?? "another side"), not \(record.team)"
            }
            let side = row.cells.first { $0.column == column }?.value
            guard row.cells.isEmpty || side == .text(record.team) else {
                return "\(row.table) rows written by \(record.team) must set \(column) to '\(record.team)'"
            }
        }
        return nil
    }

    /// The members table: the founder may change anything; a lead, the members of its own
    /// team (but not the founder's record); anyone, their own devices (add one with their
    /// own team and role, or revoke one).
    private static func membersVerdict(_ row: RowOp, writer: DeviceID, record: DeviceMembership?, membership: Membership)
        -> String?
    {
        guard let target = try? DeviceID(hex: row.row) else { return "a membership row's ID must be a device ID" }
        if let life = row.life, life != 1 { return "membership rows are never deleted: revoke the device instead" }
        var values: [String: String?] = [:]
        if let old = membership.devices[target] {
            values = [
                "member": old.member, "name": old.name, "team": old.team, "role": old.role.rawValue,
                "status": old.revoked ? "revoked" : "active", "admitted_by": old.admittedBy,
            ]
        }
        for cell in row.cells {
            switch cell.value {
            case .text(let text): values[cell.column] = text
            case .null: values[cell.column] = .some(nil)
            default: return "membership column \(cell.column) must be text"
            }
        }
        if let status = values["status"] ?? nil, status != "active", status != "revoked" {
            return "membership status must be active or revoked, not '\(status)'"
        }
        if let role = values["role"] ?? nil, Role(rawValue: role) == nil {
            return "membership role must be lead or member, not '\(role)'"
        }
        if let team = values["team"] ?? nil, (try? Audience.team(team)) == nil { return "'\(team)' is not a team name" }
        guard let updated = Membership.record(target, values) else {
            return "a membership record needs a member, a team and a role"
        }
        if writer == membership.charter.founder { return nil }
        guard let record else { return "device \(writer.short) is not a member of the workspace" }
        let old = membership.devices[target]
        if target == membership.charter.founder { return "only the founder may change the founder's membership" }
        if record.role == .lead, updated.team == record.team, old.map({ $0.team == record.team }) ?? true { return nil }
        if old?.revoked == true, !updated.revoked {
            return "only the founder or a lead of \(updated.team) may re-admit a revoked device"
        }
        let ownDevice =
            updated.member == record.member && updated.team == record.team && updated.role <= record.role
            && (old.map { $0.member == record.member } ?? true)
        if ownDevice { return nil }
        return "only the founder or a lead of \(updated.team) may admit or change its members"
    }
}

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
        verdict(on: commit, membership: membership) { row, record, founder in
            tableVerdict(row, record: record, founder: founder, schema: schema, past: past)
        }
    }

    /// The verdict on a commit's writer and its membership changes only, ignoring its other
    /// rows: whether the commit's membership acts count, which decides where revocations cut
    /// (see ``RevocationCut``) independently of the cuts themselves.
    public static func membershipVerdict(on commit: CommitContent, membership: Membership) -> String? {
        verdict(on: commit, membership: membership) { _, _, _ in nil }
    }

    private static func verdict(
        on commit: CommitContent, membership: Membership,
        otherRow: (RowOp, DeviceMembership?, _ founder: Bool) -> String?
    ) -> String? {
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
                ? membersVerdict(row, of: commit, record: record, membership: membership)
                : otherRow(row, record, founder)
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
    /// own team and role, or revoke one). Adding a device, or bringing a revoked one back, is
    /// an admission: it must carry that device's own unused, unexpired join request for the
    /// team it is admitted to.
    private static func membersVerdict(
        _ row: RowOp, of commit: CommitContent, record: DeviceMembership?, membership: Membership
    ) -> String? {
        let change: MembershipChange
        switch MembershipChange.reading(row, in: membership) {
        case .success(let read): change = read
        case .failure(let refusal): return refusal.reason
        }
        let (target, old, updated) = (change.target, change.old, change.updated)
        guard authority(of: commit.feed.device, over: old, becoming: updated, membership: membership) != nil else {
            if record == nil { return "device \(commit.feed.device.short) is not a member of the workspace" }
            if target == membership.charter.founder { return "only the founder may change the founder's membership" }
            if old?.revoked == true, !updated.revoked {
                return "only the founder or a lead of \(updated.team) may re-admit a revoked device"
            }
            return "only the founder or a lead of \(updated.team) may admit or change its members"
        }
        // The founder's own record, written at genesis, is the one admission without a request:
        // the charter already binds the workspace to the founder's key.
        if change.isAdmission, target != membership.charter.founder {
            if let refusal = admissionRefusal(change.request, of: target, as: updated, in: commit, membership: membership) {
                return refusal
            }
        } else if change.request != nil {
            return "a join request travels only with the admission of its device"
        }
        return nil
    }

    /// Why an admission may not use `token`, or nil: it must be the target's own signed
    /// request, for the team it joins, for this workspace, unexpired at the commit's time and
    /// not used by an admission in the commit's causal past.
    private static func admissionRefusal(
        _ token: String?, of target: DeviceID, as updated: DeviceMembership, in commit: CommitContent,
        membership: Membership
    ) -> String? {
        guard let token else { return "admitting device \(target.short) needs its own join request" }
        guard let request = try? JoinRequest(token: token), request.device == target else {
            return "the join request in the admission of \(target.short) is not that device's"
        }
        if let refusal = request.refusal(in: commit.workspace, at: commit.hlc) { return refusal }
        if request.team != updated.team {
            return "device \(target.short) asked to join \(request.team), not \(updated.team)"
        }
        if membership.usedRequests.contains(request.nonce) {
            return "the join request of \(target.short) was already used"
        }
        if updated.revoked { return "an admission makes the device active" }
        return nil
    }

    /// The authority `writer` has over the device whose members row `row` changes, in
    /// `membership`; nil if it has none or the change is not a valid one.
    public static func authority(of writer: DeviceID, writing row: RowOp, membership: Membership) -> Authority? {
        guard case .success(let change) = MembershipChange.reading(row, in: membership) else { return nil }
        return authority(of: writer, over: change.old, becoming: change.updated, membership: membership)
    }

    /// The authority `writer` has to change a device's record from `old` to `updated`, or nil
    /// if it has none: the founder over anyone; a lead over the members of its own team (not
    /// the founder, not across teams); an active member over their own devices (same person,
    /// same team, a role no higher than theirs), except bringing a revoked one back.
    public static func authority(
        of writer: DeviceID, over old: DeviceMembership?, becoming updated: DeviceMembership, membership: Membership
    ) -> Authority? {
        if writer == membership.charter.founder { return .founder }
        guard let me = membership.active(writer), updated.device != membership.charter.founder else { return nil }
        if me.role == .lead, updated.team == me.team, old.map({ $0.team == me.team }) ?? true { return .lead }
        if old?.revoked == true, !updated.revoked { return nil }
        let ownDevice =
            updated.member == me.member && updated.team == me.team && updated.role <= me.role
            && (old.map { $0.member == me.member } ?? true)
        return ownDevice ? .owner : nil
    }
}

/// A change to one device's membership row, read against the membership it applies to.
public struct MembershipChange: Sendable {
    public struct Refusal: Error { public let reason: String }

    public let target: DeviceID
    /// The device's record before the change; nil for a device not yet known.
    public let old: DeviceMembership?
    public let updated: DeviceMembership
    /// The join request token the change carries, if any.
    public let request: String?

    /// Adding a device, or bringing a revoked one back.
    public var isAdmission: Bool { old == nil || (old!.revoked && !updated.revoked) }

    /// Reads a row change of the members table, or says why it is not a valid one.
    public static func reading(_ row: RowOp, in membership: Membership) -> Result<MembershipChange, Refusal> {
        func refuse(_ reason: String) -> Result<MembershipChange, Refusal> { .failure(Refusal(reason: reason)) }
        guard let target = try? DeviceID(hex: row.row) else { return refuse("a membership row's ID must be a device ID") }
        if let life = row.life, life != 1 { return refuse("membership rows are never deleted: revoke the device instead") }
        let old = membership.devices[target]
        var values = membership.cells[target] ?? [:]
        var request: String?
        for cell in row.cells {
            guard MembersTable.columns.contains(cell.column) else { return refuse("no membership column \(cell.column)") }
            switch cell.value {
            case .text(let text): values[cell.column] = text
            case .null: values[cell.column] = .some(nil)
            default: return refuse("membership column \(cell.column) must be text")
            }
            if cell.column == "request" { request = cell.value.text ?? "" }
            if cell.column == "heads" {
                let revokes = row.cells.contains { $0.column == "status" && $0.value == .text("revoked") }
                guard revokes, RevocationCut.heads(parsing: cell.value.text ?? "") != nil else {
                    return refuse("a revocation's heads are team:NAME=SEQ entries, written only with the revocation")
                }
            }
        }
        if let status = values["status"] ?? nil, status != "active", status != "revoked" {
            return refuse("membership status must be active or revoked, not '\(status)'")
        }
        if let role = values["role"] ?? nil, Role(rawValue: role) == nil {
            return refuse("membership role must be lead or member, not '\(role)'")
        }
        if let team = values["team"] ?? nil, (try? Audience.team(team)) == nil { return refuse("'\(team)' is not a team name") }
        guard let updated = Membership.record(target, values) else {
            return refuse("a membership record needs a member, a team and a role")
        }
        return .success(MembershipChange(target: target, old: old, updated: updated, request: request))
    }
}

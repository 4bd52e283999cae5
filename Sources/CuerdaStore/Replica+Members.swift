import CuerdaCore
import Foundation
import GRDB

extension Replica {
    /// Founds a governed workspace: a charter binds the workspace ID to this device, and the
    /// first commit makes it a lead of `team`.
    ///
    /// - Throws: ``CuerdaError`` as ``create(at:workspace:device:schema:charter:options:)``,
    ///   or `.invalidArgument` for a team or name that cannot be used.
    public static func found(
        at path: String, team: String, name: String, schema: Schema, device: DeviceKey = DeviceKey(),
        options: Options = Options()
    ) throws(CuerdaError) -> Replica {
        _ = try Audience.team(team)
        try Self.checkName(name)
        var generator = SystemRandomNumberGenerator()
        let charter = Charter.new(founder: device.id, using: &generator)
        let replica = try create(
            at: path, workspace: charter.workspace, device: device, schema: schema, charter: charter, options: options)
        do {
            try replica.writeMembership(
                of: device.id,
                ["member": device.id.hex, "name": name, "team": team, "role": Role.lead.rawValue, "status": "active"])
        } catch {
            removeFiles(at: path, keepingKey: false)
            throw error
        }
        return replica
    }

    /// Makes the key of a device that is about to join (stored beside the future replica)
    /// and the request to hand to a lead of `team`. Asking again makes a fresh request (a new
    /// nonce) for the same key.
    ///
    /// - Parameter workspace: binds the request to one workspace, when the joiner knows it.
    public static func joinRequest(
        forReplicaAt path: String, name: String, team: String, workspace: WorkspaceID? = nil,
        lifetime: UInt64 = JoinRequest.defaultLifetime
    ) throws(CuerdaError) -> JoinRequest {
        try checkName(name)
        _ = try Audience.team(team)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CuerdaError(.storage, "a replica already exists at \(path): this device has joined")
        }
        let key: DeviceKey
        if let existing = try DeviceKeyFile.existing(for: path) {
            key = existing
        } else {
            key = DeviceKey()
            try DeviceKeyFile.write(key, for: path)
        }
        return try JoinRequest(
            key: key, name: name, team: team, workspace: workspace, expires: HybridClock.system() + lifetime)
    }

    /// The membership as of every fact this replica holds; nil for an open workspace.
    public func membership() throws(CuerdaError) -> Membership? {
        guard let charter else { return nil }
        return try read("cannot read the members") { db in
            try FactLedger(db, charter: charter, feeds: FeedTable(db), layer: .applied).current
        }
    }

    /// Admits the device of a join request: as a new member of `team` with `role`, or, when
    /// `team` is nil, as another device of the member running this replica. The admission
    /// carries the request, so every replica can check that the device asked for it.
    ///
    /// - Throws: `.rejectedWrite` when this device may not admit it, or the request was already
    ///   used or has expired (nothing is written); `.invalidArgument` when the device is
    ///   already an active member or asked to join another team.
    @discardableResult
    public func admit(_ request: JoinRequest, team: String? = nil, role: Role = .member) throws(CuerdaError)
        -> DeviceMembership
    {
        guard let membership = try membership() else {
            throw CuerdaError(.invalidArgument, "this workspace is open: every device that has it may write")
        }
        if membership.active(request.device) != nil {
            throw CuerdaError(.invalidArgument, "device \(request.device.short) is already a member")
        }
        guard let me = membership.active(device.id) else {
            throw CuerdaError(.rejectedWrite, "this device is not an active member of the workspace")
        }
        let joining = team ?? me.team
        guard request.team == joining else {
            throw CuerdaError(
                .invalidArgument,
                "\(request.name) asked to join \(request.team), not \(joining)\(team == nil ? " (your team)" : ""): "
                    + (team == nil ? "admit with --team \(request.team), or " : "") + "ask for a new request")
        }
        if membership.usedRequests.contains(request.nonce) {
            throw CuerdaError(.rejectedWrite, "this join request was already used: ask \(request.name) for a new one")
        }
        var values = [
            "name": request.name, "status": "active", "admitted_by": device.id.hex, "request": request.token,
        ]
        if let team {
            _ = try Audience.team(team)
            values["member"] = request.device.hex
            values["team"] = team
            values["role"] = role.rawValue
        } else {
            values["member"] = me.member
            values["team"] = me.team
            values["role"] = me.role.rawValue
        }
        try writeMembership(of: request.device, values)
        guard let admitted = try self.membership()?.active(request.device) else {
            throw CuerdaError(.storage, "the admission of \(request.device.short) was not recorded")
        }
        return admitted
    }

    /// Revokes a device, or every device of a member: given as a device ID prefix (at least 4
    /// hex digits) or a member's name. Takes effect for commits causally after this one, and
    /// for every commit of the device this replica has not seen (``RevocationCut``).
    ///
    /// - Returns: the revoked devices.
    @discardableResult
    public func revoke(_ who: String) throws(CuerdaError) -> [DeviceMembership] {
        guard let membership = try membership() else {
            throw CuerdaError(.invalidArgument, "this workspace is open: it has no members to revoke")
        }
        let active = membership.devices.values.filter { !$0.revoked }.sorted { $0.device < $1.device }
        let byDevice = who.count >= 4 ? active.filter { $0.device.hex.hasPrefix(who.lowercased()) } : []
        guard byDevice.count <= 1 else {
            throw CuerdaError(.invalidArgument, "'\(who)' matches \(byDevice.count) devices; give more digits")
        }
        var targets = byDevice
        if targets.isEmpty {
            let members = Set(active.filter { $0.name == who }.map(\.member))
            guard members.count <= 1 else {
                throw CuerdaError(.invalidArgument, "\(members.count) members are called '\(who)'; give a device ID")
            }
            targets = active.filter { members.contains($0.member) }
        }
        guard !targets.isEmpty else { throw CuerdaError(.notFound, "no active member or device '\(who)'") }
        // What this device has seen of each target's team feeds: its later commits there are
        // refused whatever they claim to have seen (the `all` feed's heads are the deps).
        let vector = try vector()
        let teamAudiences = (membership.audiences(of: device.id) ?? []).filter { $0 != .all }
        try writeRows { tx in
            for target in targets {
                let heads = Dictionary(
                    uniqueKeysWithValues: teamAudiences.map { ($0, vector[FeedID(device: target.device, audience: $0)]) })
                try tx.update(
                    MembersTable.name, id: target.device.hex,
                    ["status": .text("revoked"), "heads": .text(RevocationCut.heads(heads))])
            }
        }
        return targets
    }

    private func writeMembership(of target: DeviceID, _ values: [String: String]) throws(CuerdaError) {
        try writeRows { tx in
            // A revoked device admitted again keeps its row: membership rows are never deleted.
            let cells = values.mapValues { Value.text($0) }
            if try tx.exists(MembersTable.name, id: target.hex) {
                try tx.update(MembersTable.name, id: target.hex, cells)
            } else {
                try tx.insert(MembersTable.name, id: target.hex, cells)
            }
        }
    }

    private func writeRows(_ body: (WriteTransaction) throws -> Void) throws(CuerdaError) {
        do {
            try write(body)
        } catch let error as CuerdaError {
            throw error
        } catch {
            throw CuerdaError(.storage, "cannot write the membership", underlying: "\(error)")
        }
    }

    static func checkName(_ name: String) throws(CuerdaError) {
        guard (1...100).contains(name.count), !name.contains(where: \.isNewline) else {
            throw CuerdaError(.invalidArgument, "a member's name is 1 to 100 characters on one line")
        }
    }
}

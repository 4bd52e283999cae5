import ArgumentParser
import CuerdaCore
import CuerdaStore
import Foundation

struct Join: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make this device's key and a request to join a workspace.",
        discussion: """
            Hand the request file to a lead of your team (or, for another device of yours, to \
            one of your devices). Once admitted, start the replica from the bundle they send back. \
            The request names your team, is signed with the new device key, admits once, and \
            expires (after 14 days unless --valid-days says otherwise). With --workspace it is \
            refused by every other workspace.

            Example:
              cuerda join --name "Ana Diaz" --team sales --out ana.request --replica ana.sqlite
            """)

    @OptionGroup var replica: ReplicaOptions
    @Option(help: ArgumentHelp("Your name, as the workspace will show it.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("The team you join.", valueName: "team"), completion: .list(Completions.teams)) var team: String
    @Option(help: ArgumentHelp("Bind the request to this workspace ID.", valueName: "id")) var workspace: String?
    @Option(help: ArgumentHelp("Days the request stays usable (1 to 90).", valueName: "days")) var validDays = 14
    @Option(help: ArgumentHelp("Where to write the request.", valueName: "file"), completion: .file()) var out = "join.request"

    func run() throws {
        guard (1...90).contains(validDays) else { throw CuerdaError(.invalidArgument, "--valid-days is 1 to 90") }
        let request = try Replica.joinRequest(
            forReplicaAt: replica.path, name: name, team: team,
            workspace: try workspace.map { (hex) throws(CuerdaError) in try WorkspaceID(hex: hex.lowercased()) },
            lifetime: UInt64(validDays) * 24 * 3600 * 1000)
        do { try request.encoded.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            throw CuerdaError(.io, "cannot write \(out)")
        }
        print("Wrote a join request for device \(request.device.short) (\(name), \(team)) to \(out)")
        print("Next: a lead of \(team) runs `cuerda admit \(out) --team \(team) --out welcome.bundle`,")
        print("then here: `cuerda init --from welcome.bundle --replica \(replica.path)`")
    }
}

struct Admit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Admit the device of a join request into the workspace.",
        discussion: """
            With --team, the requester becomes a new member of that team (you must be its lead, \
            or the founder); it must be the team the request names. Without it, the device is \
            added as another device of yours. A request admits once and expires. With --out, a \
            bundle for the new device is written too: it starts its replica from it.

            Examples:
              cuerda admit ana.request --team sales --role member --out welcome.bundle
              cuerda admit my-laptop.request --out laptop.bundle
            """)

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The join request file.", completion: .file()) var request: String
    @Option(help: ArgumentHelp("The new member's team.", valueName: "team"), completion: .list(Completions.teams)) var team:
        String?
    @Option(help: ArgumentHelp("lead or member.", valueName: "role"), completion: .list(["lead", "member"])) var role = "member"
    @Option(help: ArgumentHelp("Also write a bundle for the new device.", valueName: "file"), completion: .file()) var out:
        String?

    func run() throws {
        guard let role = Role(rawValue: role) else {
            throw CuerdaError(.invalidArgument, "a role is lead or member, not '\(role)'")
        }
        guard let data = FileManager.default.contents(atPath: request) else {
            throw CuerdaError(.io, "cannot read \(request)")
        }
        let parsed = try JoinRequest(decoding: data)
        let replica = try replica.open()
        let admitted = try replica.admit(parsed, team: team, role: role)
        print("Admitted \(admitted.name) (device \(admitted.device.short)) to \(admitted.team) as \(admitted.role.rawValue)")
        if let out {
            let audiences: Set<Audience> = [.all, try .team(admitted.team)]
            let report = try replica.exportBundle(to: out, audiences: audiences)
            print("Wrote \(report.commits) commits (\(report.bytes) bytes) for the new device to \(out)")
        }
    }
}

struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revoke a device, or every device of a member.",
        discussion: """
            The device can no longer sync, and every commit of it that this replica has not \
            seen is quarantined everywhere, whatever it claims to have seen: sync the device \
            first if it is still in your hands.

            Examples:
              cuerda revoke 5be2a1c3              # a lost laptop, by device ID prefix
              cuerda revoke "Ana Diaz"            # every device of a member
            """)

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "A device ID prefix (at least 4 hex digits) or a member's name.") var who: String

    func run() throws {
        for device in try replica.open().revoke(who) {
            print("Revoked device \(device.device.short) of \(device.name) (\(device.team))")
        }
    }
}

struct Members: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the members of the workspace: people, devices, teams, roles and status.",
        discussion: "Example:\n  cuerda members --json")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let replica = try replica.open()
        guard let membership = try replica.membership() else {
            throw CuerdaError(.invalidArgument, "this workspace is open: it has no members (found one with `init --team`)")
        }
        let devices = membership.devices.values.sorted { ($0.team, $0.name, $0.device) < ($1.team, $1.name, $1.device) }
        if output.json {
            try Output.json([
                "founder": membership.charter.founder.hex,
                "devices": devices.map { device in
                    [
                        "device": device.device.hex, "member": device.member, "name": device.name, "team": device.team,
                        "role": device.role.rawValue, "status": device.revoked ? "revoked" : "active",
                        "admitted_by": device.admittedBy ?? "",
                    ]
                },
            ])
        } else {
            Output.table(
                ["NAME", "TEAM", "ROLE", "DEVICE", "STATUS"],
                devices.map { device in
                    [
                        device.name + (device.device == membership.charter.founder ? " (founder)" : "")
                            + (device.device == replica.device.id ? " (this device)" : ""),
                        device.team, device.role.rawValue, device.device.short, device.revoked ? "revoked" : "active",
                    ]
                })
        }
    }
}

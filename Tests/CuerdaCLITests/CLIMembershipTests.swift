import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Testing

/// `init --team`, `join`, `admit`, `revoke` and `members`, driven as users drive them: the
/// founder founds, a newcomer asks to join, a lead admits and hands over a welcome bundle,
/// the newcomer starts its replica from it — and the refusals people meet on the way.
@Suite struct CLIMembershipTests {
    static let schemaJSON = """
        {
          "name": "crm", "version": 1,
          "tables": [
            {"name": "targets", "audience": "all", "writers": {"teams": ["marketing"]}, "columns": [
              {"name": "period", "type": "text", "policy": "lww"},
              {"name": "amount", "type": "integer", "policy": "lww"}]},
            {"name": "quotas", "audience": "all", "writers": {"teams": ["sales"]}, "columns": [
              {"name": "rep", "type": "text", "policy": "lww"},
              {"name": "amount", "type": "integer", "policy": "lww"}]},
            {"name": "grades", "audience": "all", "writers": {"teams": [], "teamColumn": "side"}, "columns": [
              {"name": "need", "type": "text", "policy": "lww"},
              {"name": "side", "type": "text", "policy": "lww"},
              {"name": "letter", "type": "text", "policy": "multiValue"}]},
            {"name": "notes", "audience": "team:sales", "columns": [
              {"name": "body", "type": "text", "policy": "lww"}]}
          ]
        }
        """

    /// `init --schema --team marketing --name "Marta Ruiz"` in `marta.cuerda`; returns the
    /// workspace and the founder's short device ID.
    @discardableResult
    static func found(_ cli: CLIWorkdir, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        workspace: String, device: String
    ) {
        try cli.write("gov.json", schemaJSON)
        let out = try cli.succeed(
            ["init", "--schema", "gov.json", "--team", "marketing", "--name", "Marta Ruiz", "--replica", "marta.cuerda"],
            sourceLocation: sourceLocation)
        let words = out.split(separator: " ")
        try #require(words.count == 11 && out.hasPrefix("Founded workspace "), "\(out)", sourceLocation: sourceLocation)
        #expect(
            out == "Founded workspace \(words[2]) with device \(words[5]) (lead of marketing) at marta.cuerda\n",
            sourceLocation: sourceLocation)
        return (String(words[2]), String(words[5]))
    }

    /// `join` in `<file>.cuerda`, `admit` by `admitter`, `init --from` the welcome bundle.
    /// Returns the new device's full ID.
    @discardableResult
    static func admit(
        _ cli: CLIWorkdir, _ name: String, as file: String, team: String, role: String = "member", by admitter: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        try cli.succeed(
            ["join", "--name", name, "--team", team, "--out", "\(file).request", "--replica", "\(file).cuerda"],
            sourceLocation: sourceLocation)
        let device = try requestDevice(cli, "\(file).request", sourceLocation: sourceLocation)
        var arguments = ["admit", "\(file).request", "--out", "\(file).bundle", "--replica", admitter]
        arguments += ["--team", team, "--role", role]
        let out = try cli.succeed(arguments, sourceLocation: sourceLocation)
        #expect(out.hasPrefix("Admitted \(name) (device \(device.prefix(12))) to "), "\(out)", sourceLocation: sourceLocation)
        let joined = try cli.succeed(
            ["init", "--from", "\(file).bundle", "--replica", "\(file).cuerda"], sourceLocation: sourceLocation)
        #expect(
            joined.contains(" as device \(device.prefix(12)) at \(file).cuerda\n"), "\(joined)", sourceLocation: sourceLocation)
        return device
    }

    static func requestDevice(_ cli: CLIWorkdir, _ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> String
    {
        let data = try #require(FileManager.default.contents(atPath: cli.path(file)), sourceLocation: sourceLocation)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], sourceLocation: sourceLocation)
        let device = try #require(object.string("device"), "\(object)", sourceLocation: sourceLocation)
        #expect(isHex(device, length: 64), sourceLocation: sourceLocation)
        return device
    }

    static func members(_ cli: CLIWorkdir, _ replica: String, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (founder: String, devices: [String: [String: Any]])
    {
        let json = try #require(
            try cli.json(["members", "--json", "--replica", replica], sourceLocation: sourceLocation) as? [String: Any],
            sourceLocation: sourceLocation)
        let devices = try #require(json["devices"] as? [[String: Any]], "\(json)", sourceLocation: sourceLocation)
        return (
            json.string("founder") ?? "",
            Dictionary(uniqueKeysWithValues: devices.map { ($0.string("device") ?? "", $0) })
        )
    }

    @Test func foundJoinAdmitAndConvergeByBundle() throws {
        let cli = try CLIWorkdir()
        let (workspace, founderShort) = try Self.found(cli)

        // Ana asks to join: a key beside the future replica, a request file, no replica yet.
        let joined = try cli.succeed([
            "join", "--name", "Ana Diaz", "--team", "sales", "--out", "ana.request", "--replica", "ana.cuerda",
        ])
        let ana = try Self.requestDevice(cli, "ana.request")
        #expect(
            joined.hasPrefix("Wrote a join request for device \(ana.prefix(12)) (Ana Diaz, sales) to ana.request\n"),
            "\(joined)")
        #expect(FileManager.default.fileExists(atPath: cli.path("ana.cuerda.key")))
        #expect(!FileManager.default.fileExists(atPath: cli.path("ana.cuerda")))
        // Asking again gives a request for the same key.
        try cli.succeed(["join", "--name", "Ana Diaz", "--team", "sales", "--out", "ana2.request", "--replica", "ana.cuerda"])
        #expect(try Self.requestDevice(cli, "ana2.request") == ana)

        let admitted = try cli.succeed([
            "admit", "ana.request", "--team", "sales", "--role", "lead", "--out", "ana.bundle", "--replica", "marta.cuerda",
        ])
        let lines = admitted.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == "Admitted Ana Diaz (device \(ana.prefix(12))) to sales as lead", "\(admitted)")
        #expect(lines.count == 2 && lines[1].hasPrefix("Wrote ") && lines[1].hasSuffix(" to ana.bundle"), "\(admitted)")
        let started = try cli.succeed(["init", "--from", "ana.bundle", "--replica", "ana.cuerda"])
        #expect(started.hasPrefix("Joined workspace \(workspace) as device \(ana.prefix(12)) at ana.cuerda\n"), "\(started)")
        // Once the replica exists, this device has joined.
        try cli.fail(
            ["join", "--name", "Ana Diaz", "--team", "sales", "--replica", "ana.cuerda"], code: 5, mentioning: ["already"])

        // Both replicas list the same members.
        for replica in ["marta.cuerda", "ana.cuerda"] {
            let (founder, devices) = try Self.members(cli, replica)
            #expect(founder.hasPrefix(founderShort) && isHex(founder, length: 64), "\(founder)")
            #expect(devices.count == 2, "\(devices)")
            for (_, device) in devices {
                #expect(
                    Set(device.keys) == ["device", "member", "name", "team", "role", "status", "admitted_by"], "\(device)")
            }
            let marta = try #require(devices[founder])
            #expect(marta.string("name") == "Marta Ruiz" && marta.string("team") == "marketing" && marta.string("role") == "lead")
            #expect(marta.string("status") == "active" && marta.string("member") == founder && marta.string("admitted_by") == "")
            let newcomer = try #require(devices[ana])
            #expect(newcomer.string("name") == "Ana Diaz" && newcomer.string("team") == "sales")
            #expect(newcomer.string("role") == "lead" && newcomer.string("status") == "active")
            #expect(newcomer.string("member") == ana && newcomer.string("admitted_by") == founder, "\(newcomer)")
        }
        let table = try cli.succeed(["members", "--replica", "ana.cuerda"]).split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(
            table == [
                "NAME TEAM ROLE DEVICE STATUS",
                "Marta Ruiz (founder) marketing lead \(founderShort) active",
                "Ana Diaz (this device) sales lead \(ana.prefix(12)) active",
            ], "\(table)")

        // Each writes what its team owns, and they converge by bundle.
        try cli.succeed(["put", "quotas", "q1", "rep=Ana", "amount=300", "--replica", "ana.cuerda"])
        try cli.succeed(["put", "notes", "n1", "body=call the distributor", "--replica", "ana.cuerda"])
        try cli.succeed(["put", "targets", "t1", "period=2026-Q3", "amount=1200", "--replica", "marta.cuerda"])
        try cli.succeed(["export", "--out", "from-ana.bundle", "--replica", "ana.cuerda"])
        try cli.succeed(["export", "--out", "from-marta.bundle", "--replica", "marta.cuerda"])
        let imported = try cli.json(["import", "from-ana.bundle", "--json", "--replica", "marta.cuerda"]) as? [String: Any]
        #expect(imported?.int("applied") == 1 && imported?.int("quarantined") == 0, "\(imported ?? [:])")
        try cli.succeed(["import", "from-marta.bundle", "--replica", "ana.cuerda"])
        let shared = try cli.succeed(["digest", "--audience", "all", "--replica", "marta.cuerda"])
        #expect(shared == (try cli.succeed(["digest", "--audience", "all", "--replica", "ana.cuerda"])))
        let notes = try cli.json(["show", "notes", "--json", "--replica", "marta.cuerda"]) as? [Any]
        #expect(notes?.isEmpty == true, "the note stayed with sales: \(notes ?? [])")

        // Sales does not set the revenue target.
        try cli.fail(
            ["put", "targets", "t2", "amount=1", "--replica", "ana.cuerda"], code: 3,
            mentioning: ["sales may not write targets"])
        try cli.fail(
            ["put", "grades", "g1", "need=leads", "side=marketing", "letter=F", "--replica", "ana.cuerda"], code: 3,
            mentioning: ["must set side to 'sales'"])
    }

    @Test func onlyLeadsAdmitAndOnlyGenuineRequestsAreAccepted() throws {
        let cli = try CLIWorkdir()
        try Self.found(cli)
        try Self.admit(cli, "Ana Diaz", as: "ana", team: "sales", role: "lead", by: "marta.cuerda")
        try Self.admit(cli, "Bob Soto", as: "bob", team: "sales", by: "ana.cuerda")
        try cli.succeed(["join", "--name", "Carl Ortiz", "--team", "sales", "--out", "carl.request", "--replica", "carl.cuerda"])
        try cli.succeed([
            "join", "--name", "Dana Gil", "--team", "marketing", "--out", "dana.request", "--replica", "dana.cuerda",
        ])

        // A plain member cannot admit anyone into its team; nothing is written.
        let vector = try cli.succeed(["vector", "--replica", "bob.cuerda"])
        try cli.fail(
            ["admit", "carl.request", "--team", "sales", "--out", "carl.bundle", "--replica", "bob.cuerda"], code: 3,
            mentioning: ["only the founder or a lead of sales"])
        #expect(try cli.succeed(["vector", "--replica", "bob.cuerda"]) == vector)
        #expect(!FileManager.default.fileExists(atPath: cli.path("carl.bundle")))
        // Nor can a lead admit into another team.
        try cli.fail(
            ["admit", "dana.request", "--team", "marketing", "--replica", "ana.cuerda"], code: 3,
            mentioning: ["only the founder or a lead of marketing"])
        // Nor into another team than the request names.
        try cli.fail(
            ["admit", "carl.request", "--team", "marketing", "--replica", "marta.cuerda"], code: 2,
            mentioning: ["Carl Ortiz asked to join sales, not marketing"])

        // A request whose name was changed after signing, or a file that is not a request.
        let original = String(
            decoding: try #require(FileManager.default.contents(atPath: cli.path("carl.request"))), as: UTF8.self)
        #expect(original.contains("Carl Ortiz"))
        try cli.write("tampered.request", original.replacingOccurrences(of: "Carl Ortiz", with: "Carla Ortiz"))
        try cli.fail(
            ["admit", "tampered.request", "--team", "sales", "--replica", "ana.cuerda"], code: 4, mentioning: ["signature"])
        try cli.fail(
            ["admit", "gov.json", "--team", "sales", "--replica", "ana.cuerda"], code: 4,
            mentioning: ["not a Cuerda join request"])
        #expect(try Self.members(cli, "ana.cuerda").devices.count == 3)

        // The untouched request is fine, from the lead.
        try cli.succeed(["admit", "carl.request", "--team", "sales", "--replica", "ana.cuerda"])
        #expect(try Self.members(cli, "ana.cuerda").devices.count == 4)
    }

    @Test func revokedDevicesCannotSyncAndTheirLaterCommitsAreQuarantined() throws {
        let cli = try CLIWorkdir()
        try Self.found(cli)
        try Self.admit(cli, "Ana Diaz", as: "ana", team: "sales", role: "lead", by: "marta.cuerda")
        let bob = try Self.admit(cli, "Bob Soto", as: "bob", team: "sales", by: "ana.cuerda")
        let carl = try Self.admit(cli, "Carl Ortiz", as: "carl", team: "sales", by: "ana.cuerda")

        // By device prefix, and by name.
        let byPrefix = try cli.succeed(["revoke", String(carl.prefix(8)), "--replica", "ana.cuerda"])
        #expect(byPrefix == "Revoked device \(carl.prefix(12)) of Carl Ortiz (sales)\n", "\(byPrefix)")
        let byName = try cli.succeed(["revoke", "Bob Soto", "--replica", "ana.cuerda"])
        #expect(byName == "Revoked device \(bob.prefix(12)) of Bob Soto (sales)\n", "\(byName)")
        try cli.fail(["revoke", "Bob Soto", "--replica", "ana.cuerda"], code: 2, mentioning: ["Bob Soto"])
        let devices = try Self.members(cli, "ana.cuerda").devices
        #expect(devices[bob]?.string("status") == "revoked" && devices[carl]?.string("status") == "revoked")
        #expect(devices.values.filter { $0.string("status") == "active" }.count == 2)

        // Bob cannot sync with a replica that knows of the revocation.
        let server = try BackgroundServer(cli, ["--sessions", "1", "--replica", "ana.cuerda"])
        defer { server.stop() }
        try cli.fail(["sync", "127.0.0.1:\(server.port)", "--replica", "bob.cuerda"], code: 6, mentioning: ["refused"])
        let served = server.finish(timeout: 30)
        #expect(served.status == 0 && served.stderr.contains("\(bob.prefix(12)) is not a member"), "\(served)")

        // What Bob wrote before hearing of it, Ana had not seen when she revoked him: refused
        // too (his key may be someone else's now), with the revocation named.
        try cli.succeed(["put", "quotas", "offline", "amount=5", "--replica", "bob.cuerda"])
        try cli.succeed(["export", "--out", "bob-offline.bundle", "--replica", "bob.cuerda"])
        let offline = try cli.json(["import", "bob-offline.bundle", "--json", "--replica", "ana.cuerda"]) as? [String: Any]
        #expect(offline?.int("applied") == 0 && offline?.int("quarantined") == 1, "\(offline ?? [:])")

        // Once it reaches him, his replica refuses his writes…
        try cli.succeed([
            "export", "--audience", "all", "--audience", "team:sales", "--out", "news.bundle", "--replica", "ana.cuerda",
        ])
        try cli.succeed(["import", "news.bundle", "--replica", "bob.cuerda"])
        try cli.fail(["put", "quotas", "late", "amount=9", "--replica", "bob.cuerda"], code: 3, mentioning: ["revoked"])
        // …and what a modified client writes anyway is quarantined wherever it goes.
        do {
            let replica = try Replica.open(at: cli.path("bob.cuerda"))
            let forged = try GovernedFixtures.forge(
                [
                    RowOp(
                        table: "quotas", row: "late", life: 1, cells: [CellWrite(column: "amount", value: .integer(9))])
                ], by: replica)
            #expect(try replica.ingest([forged]).quarantined == 1)
        }
        try cli.succeed(["export", "--out", "bob-late.bundle", "--replica", "bob.cuerda"])
        let late = try cli.json(["import", "bob-late.bundle", "--json", "--replica", "ana.cuerda"]) as? [String: Any]
        #expect(late?.int("quarantined") == 1 && late?.int("applied") == 0, "\(late ?? [:])")
        let reason = "device \(bob.prefix(12)) was revoked before this commit"
        let quarantine = try #require(try cli.json(["quarantine", "--json", "--replica", "ana.cuerda"]) as? [[String: Any]])
        let reasons = quarantine.compactMap { $0.string("reason") }
        #expect(quarantine.count == 2 && reasons.contains(reason), "\(quarantine)")
        #expect(
            reasons.contains {
                $0.hasPrefix("device \(bob.prefix(12)) was revoked by ") && $0.hasSuffix("which had not seen this commit")
            })
        #expect(quarantine.allSatisfy { $0.string("device") == bob }, "\(quarantine)")
        #expect(try cli.succeed(["quarantine", "--replica", "ana.cuerda"]).contains(reason))
        let quotas = try #require(try cli.json(["show", "quotas", "--json", "--replica", "ana.cuerda"]) as? [[String: Any]])
        #expect(quotas.isEmpty, "\(quotas)")
    }

    /// `WriterRule` documents `teams` as "empty: every team", and the schema format shows
    /// each key as optional; a rule with only a team column must be accepted.
    @Test func aWriterRuleWithOnlyATeamColumnIsAValidSchema() throws {
        let cli = try CLIWorkdir()
        try cli.write("side.json", Self.schemaJSON.replacingOccurrences(of: "\"teams\": [], ", with: ""))
        #expect(!(try String(contentsOfFile: cli.path("side.json"), encoding: .utf8)).contains("\"teams\": []"))
        try cli.succeed(["init", "--schema", "side.json", "--team", "marketing", "--name", "Marta", "--replica", "m.cuerda"])
        try cli.succeed(["put", "grades", "g1", "need=leads", "side=marketing", "letter=B", "--replica", "m.cuerda"])
        try cli.fail(
            ["put", "grades", "g2", "need=leads", "side=sales", "letter=B", "--replica", "m.cuerda"], code: 3,
            mentioning: ["must set side to 'marketing'"])
    }

    @Test func membershipCommandsRefuseWhatDoesNotApply() throws {
        let cli = try CLIWorkdir()
        try cli.write("crm.json", CLIWorkdir.schemaJSON)
        let created = try cli.succeed(["init", "--schema", "crm.json", "--replica", "open.cuerda"])
        #expect(created.hasPrefix("Created workspace ") && created.contains("(open: "), "\(created)")
        try cli.fail(["members", "--replica", "open.cuerda"], code: 2, mentioning: ["open"])
        try cli.succeed(["join", "--name", "Ana", "--team", "sales", "--out", "ana.request", "--replica", "ana.cuerda"])
        try cli.fail(["admit", "ana.request", "--team", "sales", "--replica", "open.cuerda"], code: 2, mentioning: ["open"])
        try cli.fail(["revoke", "Ana", "--replica", "open.cuerda"], code: 2, mentioning: ["open"])

        try Self.found(cli)
        try cli.succeed(["export", "--out", "w.bundle", "--replica", "marta.cuerda"])
        try cli.usageError(["init", "--from", "w.bundle", "--team", "sales", "--replica", "x.cuerda"], mentioning: ["--team"])
        try cli.usageError(["init", "--schema", "gov.json", "--name", "Solo", "--replica", "x.cuerda"], mentioning: ["--name"])
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.cuerda")))
        try cli.fail(
            ["init", "--schema", "gov.json", "--team", "Sales!", "--replica", "y.cuerda"], code: 2, mentioning: ["Sales!"])
        #expect(!FileManager.default.fileExists(atPath: cli.path("y.cuerda")))
        try cli.fail(
            ["admit", "ana.request", "--team", "sales", "--role", "boss", "--replica", "marta.cuerda"], code: 2,
            mentioning: ["boss"])
    }
}

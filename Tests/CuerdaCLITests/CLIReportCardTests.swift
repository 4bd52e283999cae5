import Foundation
import Testing

@Suite struct CLIReportCardTests {
    @Test func cyclesNeedsAndDraftGradesFromTheBinary() throws {
        let office = try CLIOffice()
        #expect(
            try office.run("luis", ["cycle", "open", "2026-H1", "--deadline", "2026-06-30"]).hasPrefix("Opened cycle 2026-H1"))
        try office.syncAll()
        let cycles = try #require(try office.json("marta", ["cycle", "list"]) as? [[String: Any]])
        #expect(cycles.count == 1 && cycles[0].string("deadline") == "2026-06-30" && cycles[0].string("period") == "2026-H1")

        try office.run("marta", ["need", "add", "Qualified leads every week", "--cycle", "2026-H1"])
        try office.run("marta", ["need", "add", "Feedback on campaigns", "--cycle", "2026-H1"])
        try office.send("marta", to: "mateo")
        let needs = try #require(try office.json("mateo", ["need", "list", "--cycle", "2026-H1"]) as? [[String: Any]])
        #expect(needs.compactMap { $0.string("text") } == ["Qualified leads every week", "Feedback on campaigns"])
        let need = try #require(needs.first?.string("id"))

        try office.run("marta", ["grade", "set", String(need.prefix(6)), "b", "--cycle", "2026-H1"])
        try office.run(
            "mateo", ["grade", "set", String(need.prefix(6)), "C", "--cycle", "2026-H1", "--comment", "MKT-DRAFT-4471"])
        try office.send("mateo", to: "marta")
        let card = try #require(try office.json("marta", ["grade", "list", "--cycle", "2026-H1"]) as? [String: Any])
        let grades = try #require(card["grades"] as? [[String: Any]])
        #expect((grades[0]["votes"] as? [[String: Any]])?.count == 2, "\(card)")
        #expect(try office.run("marta", ["grade", "list", "--cycle", "2026-H1"]).contains("disagreeing graders"))
        try office.fail("mateo", ["grade", "reconcile", need, "B", "--cycle", "2026-H1"], code: 3, mentioning: ["lead"])
        try office.run("marta", ["grade", "reconcile", need, "C", "--cycle", "2026-H1"])
        let settled = try #require(try office.json("marta", ["grade", "list", "--cycle", "2026-H1"]) as? [String: Any])
        #expect(((settled["grades"] as? [[String: Any]])?.first)?.string("letter") == "C")

        // Bad input: a clear one-line error, the right exit code, nothing written.
        let digest = try office.cli.digest("marta.cuerda")
        try office.fail("marta", ["grade", "set", need, "D", "--cycle", "2026-H1"], code: 2, mentioning: ["'D' is not a grade"])
        try office.fail("marta", ["grade", "set", "ffffffff", "A", "--cycle", "2026-H1"], code: 2, mentioning: ["no need"])
        try office.fail("marta", ["need", "add", "X", "--cycle", "2026-H9"], code: 2, mentioning: ["not a period"])
        try office.fail("marta", ["need", "add", "X", "--cycle", "2027-H1"], code: 2, mentioning: ["no cycle 2027-H1"])
        try office.fail("mateo", ["need", "add", "X", "--cycle", "2026-H1"], code: 3, mentioning: ["lead"])
        try office.fail("elena", ["need", "add", "X", "--cycle", "2026-H1"], code: 3, mentioning: ["leadership"])
        try office.fail("luis", ["cycle", "open", "2026-H2", "--deadline", "2026-02-30"], code: 2, mentioning: ["not a date"])
        #expect(try office.cli.digest("marta.cuerda") == digest)

        // Sales never receives marketing's drafts: not in its replica files, whatever was exchanged.
        try office.syncAll()
        let salesCard = try #require(try office.json("luis", ["grade", "list", "--cycle", "2026-H1"]) as? [String: Any])
        #expect((salesCard["grades"] as? [[String: Any]])?.isEmpty == true, "sales has no needs yet: \(salesCard)")
        for person in ["luis", "sara", "elena"] {
            for file in ["\(person).cuerda", "\(person).cuerda-wal"] {
                let bytes = FileManager.default.contents(atPath: office.cli.path(file)) ?? Data()
                #expect(bytes.range(of: Data("MKT-DRAFT-4471".utf8)) == nil, "\(file) holds marketing's draft")
            }
        }
        #expect(
            (FileManager.default.contents(atPath: office.cli.path("mateo.cuerda")) ?? Data()).range(
                of: Data("MKT-DRAFT-4471".utf8))
                != nil
                || FileManager.default.contents(atPath: office.cli.path("mateo.cuerda-wal"))?.range(
                    of: Data("MKT-DRAFT-4471".utf8)) != nil,
            "the scan can find the marker where it belongs")
    }
}

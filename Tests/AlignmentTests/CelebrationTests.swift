import Alignment
import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

/// Practice 6: a quarter's wins, shortfalls, lessons and recognitions of mixed groups.
@Suite struct CelebrationTests {
    private let q1 = try! Celebration.quarter("2026-Q1")

    @Test(
        arguments: [
            ([Team](), false), ([.marketing], false), ([.sales, .sales], false), ([.marketing, .leadership], false),
            ([.marketing, .sales], true), ([.sales, .leadership, .marketing], true), ([.leadership], false),
        ] as [([Team], Bool)])
    func aGroupMixesWhenItHasMarketingAndSalesPeople(teams: [Team], mixed: Bool) {
        let members = teams.enumerated().map { Recognition.Member(name: "P\($0.offset)", team: $0.element) }
        #expect(Recognition.mixes(members) == mixed, "\(teams)")
    }

    @Test func onlyQuartersAreAccepted() {
        for text in ["2026-Q1", "2026-q4"] { #expect((try? Celebration.quarter(text)) != nil, "\(text)") }
        for text in ["2026-03", "2026-H1", "2026", "2026-Q5", "Q1"] {
            #expect(throws: CuerdaError.self, "\(text)") { try Celebration.quarter(text) }
        }
    }

    @Test func recognitionsNameMembersOrOutsidersWithTheirTeam() throws {
        let office = try AlignmentOffice("recognitions")
        let sara = office.sara
        let before = try sara.replica.digest()
        for (members, code) in [
            (["Mateo", "Nobody"], CuerdaError.Code.notFound), (["Mateo", "Sara@marketing"], .invalidArgument),
            (["Ana@nowhere"], .invalidArgument), ([], .invalidArgument), (["@sales"], .invalidArgument),
        ] {
            let error = #expect(throws: CuerdaError.self, "\(members)") {
                try sara.recognize(group: "G", members: members, quarter: q1)
            }
            #expect(error?.code == code, "\(members): \(error.map(String.init(describing:)) ?? "")")
        }
        #expect(try sara.replica.digest() == before, "a refused recognition wrote something")

        let mixed = try sara.recognize(
            group: "Retail North", members: ["mateo", "Sara", "Ana Ruiz@sales", "sara"], quarter: q1, text: "Pilot")
        #expect(
            mixed.members == [
                .init(name: "Mateo", team: .marketing), .init(name: "Sara", team: .sales), .init(name: "Ana Ruiz", team: .sales),
            ])
        #expect(mixed.mixed)
        let oneSided = try sara.recognize(group: "Field", members: ["Luis", "Sara@sales"], quarter: q1)
        #expect(!oneSided.mixed)
    }

    @Test func theQuarterlyReportHoldsItsQuarterOnlyAndWarnsAboutOneSidedGroups() throws {
        let office = try AlignmentOffice("celebration")
        let q2 = try Celebration.quarter("2026-Q2")
        try office.marta.celebrate(.win, quarter: q1, text: "Retail North signed")
        try office.luis.celebrate(.shortfall, quarter: q1, text: "Partners under target")
        try office.elena.celebrate(.lesson, quarter: q1, text: "Demos need a rep")
        try office.sara.celebrate(.win, quarter: q2, text: "Later win")
        try office.mateo.recognize(group: "Pilot", members: ["Mateo", "Luis"], quarter: q1)
        try office.mateo.recognize(group: "Web team", members: ["Mateo", "Marta", "Elena"], quarter: q1)
        #expect(throws: CuerdaError.self) { try office.sara.celebrate(.recognition, quarter: q1, text: "no group") }
        #expect(throws: CuerdaError.self) { try office.sara.celebrate(.win, quarter: q1, text: " ") }
        try office.syncAll()
        for replica in office.everyone {
            let report = try replica.celebration(q1)
            #expect(report.wins.map(\.text) == ["Retail North signed"])
            #expect(report.shortfalls.map(\.text) == ["Partners under target"])
            #expect(report.lessons.map(\.text) == ["Demos need a rep"])
            #expect(Set(report.recognitions.map(\.group)) == ["Pilot", "Web team"])
            #expect(report.recognitions.filter { !$0.mixed }.map(\.group) == ["Web team"])
            #expect(report.warnings.count == 1 && report.warnings[0].contains("Web team"), "\(report.warnings)")
            #expect(try replica.celebration(q2).wins.map(\.text) == ["Later win"])
        }
    }
}

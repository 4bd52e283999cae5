import Alignment
import CuerdaCore
import CuerdaTestSupport
import Foundation
import Testing

/// The review-meeting report: the page is well formed and self-contained, escapes every
/// text it shows, shows the numbers of the practices' own reports, and is byte-identical on
/// replicas that converged.
@Suite struct HTMLReportTests {
    static let year = 2099
    static let h1 = Period.half(year, 1)
    static let h2 = Period.half(year, 2)
    static let retail = "<script>alert('x')<\\script>Retail & Co"
    static let marketingNeed = "Leads <script>alert('m')</script> & scores"
    static let salesNeed = "Pricing \"sheets\" & <b>collateral</b>"
    static let overdueTitle = "Fix <b>lead forms</b> & \"thank-you\" page"

    static func eur(_ units: Int64) -> Money { Money(minorUnits: units, currency: .eur) }
    static func month(_ m: Int) -> Month { try! Month(year: year, month: m) }
    static func day(_ text: String) -> Day { try! Day(parsing: text) }
    /// Noon UTC of `day`, in milliseconds: the `now` the report is built at.
    static func noon(_ text: String) -> UInt64 { UInt64(day(text).daysSinceEpoch) * 86_400_000 + 43_200_000 }
    static let now = noon("\(year)-08-15")

    /// An office with two revealed cycles, a year's target (and March's own), potentials, quotas,
    /// eight months of actuals and three action items (one overdue on the 15th of August, one
    /// done), every text with markup in it; each write on its author's replica, then synced.
    static func office() throws -> AlignmentOffice {
        let office = try AlignmentOffice("html-report")
        let (marta, luis, sara, mateo) = (office.marta, office.luis, office.sara, office.mateo)
        let realNow = UInt64(Date().timeIntervalSince1970 * 1000)
        _ = try marta.openCycle(h1, deadline: day("\(year)-06-30"))
        _ = try marta.openCycle(h2, deadline: day("\(year)-12-31"))
        try office.syncAll()
        let m = try marta.addNeed(marketingNeed, from: h1)
        let s = try luis.addNeed(salesNeed, from: h1)
        try office.syncAll()
        for (cycle, given, received) in [(h1, Letter.C, Letter.B), (h2, .B, .F)] {
            try marta.grade(m, letter: given, cycle: cycle)
            try marta.grade(s, letter: .A, cycle: cycle, kind: .self)
            try sara.grade(s, letter: received, cycle: cycle)
            try office.syncAll()
            try marta.sealCard(cycle: cycle, on: Day(Date()))
            try luis.sealCard(cycle: cycle, on: Day(Date()))
            try office.syncAll()
            for lead in [marta, luis] { _ = try lead.revealReadyCards(now: realNow) }
            try office.syncAll()
        }

        try marta.setTarget(eur(12_000_000_00), for: .year(year))
        try marta.setTarget(eur(1_500_000_00), for: .month(month(3)))
        try luis.setPotential(eur(7_000_000_00), period: .year(year), group: retail)
        try luis.setPotential(eur(3_000_000_00), period: .year(year), group: retail, customer: "Bolt & Sons")
        try luis.setPotential(eur(5_000_000_00), period: .year(year), group: "Wholesale")
        try luis.splitQuota(eur(11_000_000_00), period: .year(year), method: .potential)
        for m in 1...8 {
            try sara.recordActual(eur(Int64(600_000_00 + m * 45_000_00)), month: month(m), group: retail)
            try luis.recordActual(eur(Int64(300_000_00 + m * 12_345_67)), month: month(m), group: "Wholesale")
        }
        try office.syncAll()
        try mateo.addActionItem(
            title: overdueTitle, owner: "Sara", due: day("\(year)-08-01"), source: .review(month(7)), opened: month(7))
        try luis.addActionItem(title: "Call back Acme", owner: "Mateo", due: day("\(year)-09-30"), opened: month(8))
        let done = try marta.addActionItem(title: "Already done", owner: "Luis", due: day("\(year)-05-01"), opened: month(4))
        try marta.updateActionItem(done.id, status: .done)
        try office.syncAll()
        return office
    }

    // MARK: - The page

    @Test func theReportShowsTheLibraryNumbersEscapedInAWellFormedSelfContainedPage() throws {
        let office = try Self.office()
        let elena = office.elena
        let report = try elena.meetingReport(month: Self.month(8), now: Self.now)
        let html = HTMLReport.render(report)
        Self.expectWellFormedAndSelfContained(html)

        #expect(report.asOf == Self.day("\(Self.year)-08-15") && report.year == Self.year && report.currency == .eur)
        #expect(report.scorecard?.cycle == Self.h2, "the latest cycle started by August with a revealed card")

        // Revenue: each month to August as its monthly review reports it, and the year to date.
        for m in 1...8 {
            let review = try elena.monthlyReview(Self.month(m))
            #expect(report.months[m - 1].result == review.result)
            let row = Self.cells(Self.monthNames[m - 1], review.result)
            #expect(html.contains((m == 8 ? "<tr class=\"current\">" : "<tr>") + row), "\(m): \(row)")
        }
        let august = try elena.monthlyReview(Self.month(8))
        #expect(report.yearToDate == august.yearToDate)
        #expect(html.contains("<tr>" + Self.cells("Year to date (Jan–Aug)", august.yearToDate)))
        #expect(!html.contains("<td>September</td>"), "the table stops at the review month")
        #expect(html.contains("<div class=\"value\">\(Self.percent(august.result.attainmentPercent!))</div>"))
        #expect(html.contains("<div class=\"value\">\(Self.percent(august.yearToDate.attainmentPercent!))</div>"))
        #expect(html.contains("<svg class=\"chart\""))

        // Quotas: each group's potential and quota, the total and the gap, as `quota show` has them.
        let quotas = try elena.quotaReport(for: .year(Self.year))
        #expect(report.quotas == [quotas])
        for group in quotas.groups {
            let cells = [Self.escaped(group.group), group.potential!.formatted, group.quota!.formatted]
            #expect(html.contains("<td>\(cells[0])</td><td class=\"num\">\(cells[1])</td><td class=\"num\">\(cells[2])</td>"))
        }
        let bolt = try #require(quotas.groups.first { $0.group == Self.retail }?.customers.first)
        #expect(
            html.contains("<tr class=\"customer\"><td>Bolt &amp; Sons</td><td class=\"num\">\(bolt.potential!.formatted)</td>"))
        #expect(
            html.contains("<td class=\"num\">\(quotas.potential.formatted)</td><td class=\"num\">\(quotas.quota.formatted)</td>"))
        #expect(
            html.contains(
                "Target \(quotas.target!), quotas \(quotas.quota), potential \(quotas.potential): \(quotas.gap!) still to allocate."
            ))

        // Action items: the open ones, the overdue one flagged, the done one left out.
        #expect(report.actions.map(\.item.title) == [Self.overdueTitle, "Call back Acme"])
        #expect(report.actions.map(\.overdue) == [true, false])
        #expect(
            html.contains(
                "<tr class=\"overdue\"><td>\(Self.escaped(Self.overdueTitle))</td><td class=\"nowrap\">Sara (sales)</td>"))
        #expect(html.contains("\(Self.year)-08-01 <span class=\"flag\">overdue</span>"))
        #expect(
            html.contains(
                "<tr><td>Call back Acme</td><td class=\"nowrap\">Mateo (marketing)</td><td class=\"nowrap\">\(Self.year)-09-30</td>"
            ))
        #expect(html.contains("<td>review \(Self.year)-07</td>"))
        #expect(!html.contains("Already done"))

        // The report card: letters, the trend across both cycles, the perception gap.
        let card = try elena.scorecardReport(cycle: Self.h2, now: Self.now)
        #expect(report.scorecard == card)
        #expect(html.contains("<td>\(Self.escaped(Self.marketingNeed))</td><td><span class=\"grade grade-B\">B</span></td>"))
        #expect(html.contains("<td>\(Self.escaped(Self.salesNeed))</td><td><span class=\"grade grade-F\">F</span></td>"))
        #expect(html.contains("<title>2099-H1 C → 2099-H2 B</title>") && html.contains("<span>C → B</span>"))
        #expect(html.contains("<title>2099-H1 B → 2099-H2 F</title>"))
        #expect(html.contains("<span class=\"flag\">gap +4</span>"), "marketing expected A and received F")
        #expect(html.contains("<div class=\"value\">3.00 · 0.00</div>"), "average received by sales, then marketing")
        for warning in card.warnings { #expect(html.contains("<li>\(Self.escaped(warning))</li>")) }

        // An earlier cycle on request: its trend has one point.
        let first = HTMLReport.render(try elena.meetingReport(month: Self.month(8), cycle: Self.h1, now: Self.now))
        #expect(first.contains("<h2>Report card 2099-H1</h2>") && first.contains("<title>2099-H1 C</title>"))
        Self.expectWellFormedAndSelfContained(first)
    }

    @Test func convergedReplicasRenderByteIdenticalPages() throws {
        let office = try Self.office()
        // Concurrent writes on three replicas, then everyone syncs.
        try office.sara.recordActual(Self.eur(1_234_56), month: Self.month(8), group: "Wholesale")
        try office.luis.recordActual(Self.eur(9_876_54), month: Self.month(8), group: "Wholesale")
        try office.mateo.addActionItem(
            title: "Mateo's & item", owner: "Marta", due: Self.day("2099-08-02"), opened: Self.month(8))
        try office.syncAll()
        let pages = try office.everyone.map { HTMLReport.render(try $0.meetingReport(month: Self.month(8), now: Self.now)) }
        #expect(Set(pages).count == 1, "every replica renders the same bytes")
        let later = try office.marta.meetingReport(month: Self.month(8), now: Self.now + 3_600_000)
        #expect(HTMLReport.render(later) == pages[0], "an hour later the same day, nothing moves")
        #expect(pages[0].contains("Mateo&#39;s &amp; item"))
    }

    @Test func anEmptyWorkspaceSaysWhatIsMissing() throws {
        let office = try AlignmentOffice("html-empty")
        let report = try office.sara.meetingReport(now: Self.now)
        #expect(report.month == Self.month(8) && report.scorecard == nil && report.quotas.isEmpty && report.actions.isEmpty)
        #expect(!report.hasRevenue)
        let html = HTMLReport.render(report)
        Self.expectWellFormedAndSelfContained(html)
        for note in [
            "No targets or actuals for 2099 yet.", "No customer groups with a potential or a quota in 2099 yet.",
            "No open action items.", "No report-card cycle has started by 2099-08",
        ] {
            #expect(html.contains("<p class=\"empty\">\(note)"), "\(note)")
        }
        #expect(!html.contains("<svg"), "no chart without figures")
        #expect(html.contains("<div class=\"value\">–</div>"))

        // A cycle opened but not graded says so instead of showing letters.
        _ = try office.marta.openCycle(Self.h2, deadline: Self.day("2099-12-31"))
        try office.syncAll()
        let drafting = HTMLReport.render(try office.sara.meetingReport(month: Self.month(9), now: Self.now))
        #expect(drafting.contains("<h2>Report card 2099-H2</h2>") && drafting.contains("Still grading"))
        Self.expectWellFormedAndSelfContained(drafting)
    }

    @Test func periodsDefaultFromNowAndBadOnesAreRefused() throws {
        let office = try AlignmentOffice("html-periods")
        #expect(try office.sara.meetingReport(year: 2098, now: Self.now).month == (try Month(year: 2098, month: 12)))
        #expect(try office.sara.meetingReport(year: Self.year, now: Self.now).month == Self.month(8))
        #expect(try office.sara.meetingReport(month: Self.month(2), now: Self.now).month == Self.month(2))
        let mismatch = #expect(throws: CuerdaError.self) {
            try office.sara.meetingReport(year: 2098, month: Self.month(2), now: Self.now)
        }
        #expect(mismatch?.code == .invalidArgument && mismatch?.message.contains("not in 2098") == true)
        let unknown = #expect(throws: CuerdaError.self) { try office.sara.meetingReport(cycle: Self.h1, now: Self.now) }
        #expect(unknown?.code == .notFound)
        #expect(throws: CuerdaError.self) { try office.sara.meetingReport(year: 1999, now: Self.now) }
    }

    // MARK: - Helpers

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0) } ?? "–" }

    /// The cells of a revenue row: label, target, actual, variance, variance %, attainment.
    static func cells(_ label: String, _ result: RevenueResult) -> String {
        "<td>\(label)</td>"
            + [
                result.target?.formatted ?? "–", result.actual.formatted, result.variance?.formatted ?? "–",
                percent(result.variancePercent), percent(result.attainmentPercent),
            ].map { "<td class=\"num\">\($0)</td>" }.joined()
    }

    /// Text as the page must show it: `&`, `<`, `>`, `"` and `'` escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Every element the page opens is closed, in order; nothing refers outside the file; no
    /// markup from the data slipped through, and every `&` starts a character reference.
    static func expectWellFormedAndSelfContained(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">") && html.hasSuffix("</html>\n"),
            sourceLocation: sourceLocation)
        #expect(problems(in: html) == [], sourceLocation: sourceLocation)
    }

    /// What is wrong with a page: forbidden references and markup, bare `&`, and elements
    /// closed out of order or never (`meta` is the one void element the report writes).
    static func problems(in html: String) -> [String] {
        let lower = html.lowercased()
        var problems = [
            "http://", "https://", "src=", "<script", "@import", "url(", "<link", "<img", "<iframe", "<b>", "javascript:",
        ]
        .filter { lower.contains($0) }.map { "contains '\($0)'" }
        if html.firstMatch(of: /&(?!(amp|lt|gt|quot|#39);)/) != nil { problems.append("a bare '&'") }
        var open: [String] = []
        let tags = html.matches(of: /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*?)(\/?)>/)
        for tag in tags {
            let name = String(tag.output.2)
            if tag.output.1 == "/" {
                if open.last == name {
                    open.removeLast()
                } else {
                    problems.append("</\(name)> closes <\(open.last ?? "nothing")>")
                }
            } else if tag.output.4.isEmpty && name != "meta" {
                open.append(name)
            }
        }
        if tags.count < 10 { problems.append("only \(tags.count) tags") }
        return problems + open.map { "<\($0)> is never closed" }
    }

    @Test func theCheckerCatchesBrokenPages() {
        let good =
            "<html><head><meta charset=\"utf-8\"></head><body><p>a &amp; b</p><svg><circle r=\"1\"/></svg><i></i></body></html>"
        #expect(Self.problems(in: good) == [])
        #expect(Self.problems(in: good.replacingOccurrences(of: "</p>", with: "")).contains("</body> closes <p>"))
        #expect(Self.problems(in: good.replacingOccurrences(of: "&amp;", with: "&")) == ["a bare '&'"])
        #expect(Self.problems(in: good + "<img src=\"https://x\">").count == 4)
    }
}

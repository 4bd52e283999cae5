import Foundation

/// The review-meeting report as one self-contained HTML page: inline CSS and inline SVG,
/// no scripts, fonts, images or links to fetch, so it opens offline and prints as it shows.
///
/// Every text from the replica is escaped (see ``Markup``). The page depends only on the
/// report, so equal reports give byte-identical pages.
public enum HTMLReport {
    /// The page for `report`, as UTF-8 text.
    public static func render(_ report: MeetingReport) -> String {
        let title = "Review meeting, \(monthName(report.month)) \(report.month.year)"
        let head = Markup.trusted(
            "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"color-scheme\" content=\"light\">")
        let page = Markup.tag(
            "html", ["lang": "en"],
            .tag("head", [:], head, .tag("title", "\(title)"), .tag("style", [:], .trusted(styleSheet))),
            .tag(
                "body", [:],
                .tag("main", [:], header(report, title), revenue(report), quotas(report), actions(report), scorecard(report)),
                .tag(
                    "footer", [:],
                    "Made by cuerda report --html from the replica's data as of \(report.asOf) (UTC). "
                        + "Replicas holding the same data make the same file.")))
        return "<!DOCTYPE html>\n" + page.html + "\n"
    }

    // MARK: Sections

    private static func header(_ report: MeetingReport, _ title: String) -> Markup {
        let month = report.months[report.month.month - 1].result
        let overdue = report.actions.filter(\.overdue).count
        var tiles = [
            tile("\(monthName(report.month)) attainment", percent(month.attainmentPercent), of(month)),
            tile("Year to date", percent(report.yearToDate.attainmentPercent), of(report.yearToDate)),
            tile(
                "Open action items", "\(report.actions.count)", overdue == 0 ? "none overdue" : "\(overdue) overdue",
                alert: overdue > 0),
        ]
        if let card = report.scorecard {
            let averages = card.cards.map { $0.average.map(points) ?? "–" }.joined(separator: " · ")
            let sides = card.cards.map(\.graded.rawValue).joined(separator: " · ")
            tiles.append(tile("Report card \(card.cycle)", averages, "average grade received by \(sides), of 4"))
        }
        return .tag(
            "header", [:],
            .tag("h1", "\(title)"),
            .tag(
                "p", ["class": "sub"],
                "Marketing and sales, \(report.year) · figures in \(report.currency) · as of \(report.asOf)"),
            .tag("div", ["class": "tiles"], tiles))
    }

    private static func revenue(_ report: MeetingReport) -> Markup {
        let heading = Markup.tag("h2", "Revenue against target, \(report.year)")
        guard report.hasRevenue else {
            return section("revenue", heading, empty("No targets or actuals for \(report.year) yet."))
        }
        let columns = report.months.map { month in
            let result = month.result
            let actual = month.recorded ? result.actual : nil
            let described = [
                actual.map { "actual \($0)" }, result.target.map { "target \($0)" },
                result.attainmentPercent.map { "attainment \(percent($0))" },
            ]
            return SVGChart.Column(
                label: String(monthName(month.month).prefix(3)), value: actual?.minorUnits, reference: result.target?.minorUnits,
                note: month.recorded ? result.attainmentPercent.map { "\(Int($0.rounded()))%" } : nil,
                title: "\(monthName(month.month)) \(month.month.year): "
                    + (described.compactMap { $0 }.joined(separator: ", ").nonEmpty ?? "no figures"),
                emphasized: month.month == report.month)
        }
        let chart = SVGChart.columns(
            columns, label: { whole(Money(minorUnits: $0, currency: report.currency)) },
            summary: "Actual revenue (bars) against target (markers) per month of \(report.year), in \(report.currency)")
        // The table runs to the review month (later months only once they have actuals), as the year to date does.
        let rows = report.months.filter { ($0.month <= report.month && $0.result.target != nil) || $0.recorded }.map { month in
            let source = month.targetFrom.flatMap { $0 == .year(report.year) || $0 == .month(month.month) ? nil : $0 }
            return resultRow(
                monthName(month.month) + (source.map { " (target from \($0))" } ?? ""), month.result, actual: month.recorded,
                current: month.month == report.month)
        }
        let first = monthName(report.months[0].month).prefix(3)
        let ytd = resultRow(
            "Year to date (\(first)–\(monthName(report.month).prefix(3)))", report.yearToDate, actual: true, current: false)
        return section(
            "revenue", heading,
            .tag(
                "p", ["class": "sub"],
                "Bars: actual; markers: the month's target (a month without its own target takes an even share of its "
                    + "quarter's, half's or year's). Attainment = actual ÷ target."),
            .tag("figure", [:], chart),
            table(
                ["Month", "Target", "Actual", "Variance", "Variance %", "Attainment"], numeric: 1...5, rows: rows,
                footer: [ytd]))
    }

    private static func quotas(_ report: MeetingReport) -> Markup {
        let heading = Markup.tag("h2", "Quota allocation")
        guard !report.quotas.isEmpty else {
            return section("quotas", heading, empty("No customer groups with a potential or a quota in \(report.year) yet."))
        }
        let periods = report.quotas.map { quota in
            let scale = quota.groups.flatMap { [$0.potential, $0.quota].compactMap { $0?.minorUnits } }.max() ?? 0
            let rows = quota.groups.flatMap { group in
                [
                    quotaRow(
                        group.group, group.potential, group.quota, percent(group.sharePercent, "of target"), group.method,
                        scale: scale)
                ]
                    + group.customers.map { customer in
                        quotaRow(
                            customer.customer, customer.potential, customer.quota, percent(customer.sharePercent, "of group"),
                            customer.method, scale: scale, class: "customer")
                    }
            }
            let total = row(
                [
                    "Total", "\(quota.potential.formatted)", "\(quota.quota.formatted)",
                    percent(RevenueRules.percent(quota.quota, of: quota.target), "of target"), "", "",
                ],
                numeric: 1...3)
            return Markup.tag(
                "div", ["class": "period"],
                .tag("h3", "\(quota.period)"), .tag("p", ["class": "gap"], .text(gapText(quota))),
                table(
                    ["Customer group / customer", "Potential", "Quota", "Share", "Method", "Quota vs potential"],
                    numeric: 1...3, rows: rows, footer: [total]))
        }
        return section(
            "quotas", heading,
            .tag("p", ["class": "sub"], "Bars: the quota; tick: the potential. Customers are indented under their group."),
            periods.joined)
    }

    private static func actions(_ report: MeetingReport) -> Markup {
        let heading = Markup.tag("h2", "Open action items")
        guard !report.actions.isEmpty else { return section("actions", heading, empty("No open action items.")) }
        let overdue = report.actions.filter(\.overdue).count
        let rows = report.actions.map { action in
            let item = action.item
            let due: Markup = action.overdue ? "\(item.due) " + .tag("span", ["class": "flag"], "overdue") : "\(item.due)"
            return Markup.tag(
                "tr", action.overdue ? ["class": "overdue"] : [:],
                .tag("td", "\(item.title)"), .tag("td", ["class": "nowrap"], "\(item.owner) (\(item.team.rawValue))"),
                .tag("td", ["class": "nowrap"], due),
                .tag("td", "\(action.source)"), .tag("td", ["class": "nowrap"], "\(item.opened)"))
        }
        return section(
            "actions", heading,
            .tag("p", ["class": "sub"], "\(report.actions.count) open, \(overdue) overdue as of \(report.asOf); oldest first."),
            table(["Action", "Owner", "Due", "Source", "Opened"], numeric: nil, rows: rows, footer: []))
    }

    private static func scorecard(_ report: MeetingReport) -> Markup {
        guard let scorecard = report.scorecard else {
            return section(
                "grades", .tag("h2", "Report card"),
                empty("No report-card cycle has started by \(report.month) (a lead opens one with cuerda cycle open)."))
        }
        let cards = scorecard.cards.map { card in
            let heading = Markup.tag(
                "h3", [:],
                "\(card.grader.rawValue.capitalized) grades \(card.graded.rawValue)",
                .tag("span", ["class": "average"], card.average.map { "average \(points($0)) of 4" } ?? "\(card.phase.rawValue)"))
            guard card.phase == .revealed else { return heading + empty(phaseNote(card)) }
            let rows = card.needs.map { need in
                let letters = need.trend.map(\.letter) + [need.letter]
                let history =
                    (need.trend.map { "\($0.cycle) \($0.letter.rawValue)" } + ["\(scorecard.cycle) \(need.letter.rawValue)"])
                let predicted: Markup =
                    need.predicted.map { letter in
                        need.gapFlagged
                            ? grade(letter) + " "
                                + .tag(
                                    "span", ["class": "flag"], "gap \(need.perceptionGap! > 0 ? "+" : "")\(need.perceptionGap!)")
                            : grade(letter)
                    } ?? "–"
                return Markup.tag(
                    "tr", [:],
                    .tag("td", "\(need.text)" + (need.wordingChanged ? " (reworded)" : "")), .tag("td", [:], grade(need.letter)),
                    .tag(
                        "td", ["class": "trend"],
                        SVGChart.sparkline(letters.map(\.points), title: history.joined(separator: " → ")),
                        .tag("span", "\(letters.map(\.rawValue).joined(separator: " → "))")),
                    .tag("td", [:], predicted))
            }
            return heading
                + table(
                    ["Need", "Grade", "Trend", "\(card.graded.rawValue.capitalized) expected"], numeric: nil, rows: rows,
                    footer: [])
        }
        let warnings =
            scorecard.warnings.isEmpty
            ? Markup.text("") : .tag("ul", ["class": "warnings"], scorecard.warnings.map { .tag("li", "\($0)") })
        return section(
            "grades", .tag("h2", "Report card \(scorecard.cycle)"),
            .tag(
                "p", ["class": "sub"], "A=4 · B=3 · C=2 · F=0. Trend: the need's letters in the revealed cycles, earliest first."),
            cards.joined, warnings)
    }

    // MARK: Pieces

    private static func section(_ id: String, _ children: Markup...) -> Markup { .tag("section", ["id": id], children) }

    private static func empty(_ text: String) -> Markup { .tag("p", ["class": "empty"], "\(text)") }

    private static func tile(_ label: String, _ value: String, _ detail: String, alert: Bool = false) -> Markup {
        .tag(
            "div", ["class": alert ? "tile alert" : "tile"],
            .tag("div", ["class": "label"], "\(label)"), .tag("div", ["class": "value"], "\(value)"),
            .tag("div", ["class": "detail"], "\(detail)"))
    }

    private static func grade(_ letter: Letter) -> Markup {
        .tag("span", ["class": "grade grade-\(letter.rawValue)"], "\(letter.rawValue)")
    }

    /// A table; the columns in `numeric` are right-aligned figures.
    private static func table(_ header: [String], numeric: ClosedRange<Int>?, rows: [Markup], footer: [Markup]) -> Markup {
        let heads = header.enumerated().map { i, text in
            Markup.tag("th", numeric?.contains(i) == true ? ["class": "num"] : [:], "\(text)")
        }
        var parts: [Markup] = [.tag("thead", [:], .tag("tr", [:], heads)), .tag("tbody", [:], rows)]
        if !footer.isEmpty { parts.append(.tag("tfoot", [:], footer)) }
        return .tag("table", [:], parts)
    }

    private static func row(_ cells: [String], numeric: ClosedRange<Int>, class name: String? = nil, extra: Markup? = nil)
        -> Markup
    {
        var tds = cells.enumerated().map { i, text in Markup.tag("td", numeric.contains(i) ? ["class": "num"] : [:], "\(text)") }
        if let extra { tds.append(.tag("td", [:], extra)) }
        return .tag("tr", name.map { ["class": $0] } ?? [:], tds)
    }

    /// A group's or a customer's potential and quota, with a meter of the quota against the potential.
    private static func quotaRow(
        _ name: String, _ potential: Money?, _ quota: Money?, _ share: String, _ method: QuotaMethod?, scale: Int64,
        class kind: String? = nil
    ) -> Markup {
        row(
            [name, money(potential), money(quota), share, method?.rawValue ?? "–"], numeric: 1...3, class: kind,
            extra: SVGChart.meter(
                value: quota?.minorUnits, reference: potential?.minorUnits, scale: scale,
                title: "\(name): quota \(money(quota)) of potential \(money(potential))"))
    }

    private static func resultRow(_ label: String, _ result: RevenueResult, actual: Bool, current: Bool) -> Markup {
        row(
            [
                label, money(result.target), actual ? result.actual.formatted : "–",
                actual ? result.variance?.formatted ?? "–" : "–", percent(actual ? result.variancePercent : nil),
                percent(actual ? result.attainmentPercent : nil),
            ],
            numeric: 1...5, class: current ? "current" : nil)
    }

    private static func gapText(_ quota: QuotaReport) -> String {
        guard let target = quota.target, let gap = quota.gap else {
            return "No target for \(quota.period): quotas total \(quota.quota)."
        }
        let state =
            gap.minorUnits > 0
            ? "\(gap) still to allocate"
            : gap.minorUnits < 0
                ? "quotas exceed the target by \(Money(minorUnits: -gap.minorUnits, currency: gap.currency))"
                : "quotas match the target"
        return "Target \(target), quotas \(quota.quota), potential \(quota.potential): \(state)."
    }

    private static func phaseNote(_ card: ScorecardReport.Card) -> String {
        switch card.phase {
        case .drafting: "Still grading: letters show once both sides have sealed and revealed."
        case .sealed: "Sealed: the letters stay secret until the card is revealed."
        case .notGraded: "Not graded: \(card.grader.rawValue) did not seal by the deadline."
        case .revealed: ""
        }
    }

    // MARK: Numbers and names

    private static func money(_ money: Money?) -> String { money?.formatted ?? "–" }

    /// An amount without a zero fraction, for chart axes: `1,500,000`.
    private static func whole(_ money: Money) -> String {
        let text = money.formatted
        guard let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else {
            return text
        }
        return String(text[..<dot])
    }

    /// `82.35%`, as the commands print percentages; `–` without one.
    private static func percent(_ value: Double?, _ suffix: String? = nil) -> String {
        guard let value else { return "–" }
        return String(format: "%.2f%%", value) + (suffix.map { " \($0)" } ?? "")
    }

    private static func points(_ average: Double) -> String { String(format: "%.2f", average) }

    private static func of(_ result: RevenueResult) -> String {
        guard let target = result.target else { return "no target" }
        return "\(result.actual.formatted) of \(target.formatted)"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    private static func monthName(_ month: Month) -> String { monthNames[month.month - 1] }

    private static let styleSheet = """
        :root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bar:#3f6fb5;--bar-now:#1d4e89;\
        --target:#c2410c;--good:#2f855a;--warn:#b7791f;--bad:#c53030}
        *{box-sizing:border-box}
        html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        body{margin:0;background:#fff;color:var(--ink);\
        font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1040px;margin:0 auto;padding:28px 32px 8px}
        h1{font-size:26px;margin:0 0 2px}
        h2{font-size:19px;margin:0 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink)}
        h3{font-size:15px;margin:18px 0 6px}
        section{margin:30px 0}
        .sub{color:var(--muted);margin:0 0 10px}
        .empty{color:var(--muted);font-style:italic;border:1px dashed var(--line);padding:10px 12px;border-radius:6px}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-top:16px}
        .tile{border:1px solid var(--line);border-radius:8px;padding:10px 14px;break-inside:avoid}
        .tile .label{color:var(--muted);font-size:13px}
        .tile .value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
        .tile .detail{color:var(--muted);font-size:13px}
        .tile.alert{border-color:var(--bad)} .tile.alert .detail{color:var(--bad);font-weight:600}
        table{width:100%;border-collapse:collapse;margin:6px 0 4px;font-size:14px}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:middle}
        th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600}
        .nowrap{white-space:nowrap}
        #grades th:nth-child(2){width:70px} #grades th:nth-child(3){width:210px} #grades th:nth-child(4){width:180px}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr{break-inside:avoid}
        tr.current td{background:#eef4fb;font-weight:600}
        tfoot td{font-weight:650;border-top:2px solid var(--ink);border-bottom:none}
        tr.customer td{color:var(--muted);font-size:13px} tr.customer td:first-child{padding-left:26px}
        tr.overdue td{background:#fdf0f0}
        .flag{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;color:#fff;\
        background:var(--bad);border-radius:3px;padding:0 5px;margin-left:4px}
        .gap{margin:0 0 4px}
        .grade{display:inline-block;min-width:24px;text-align:center;font-weight:700;border-radius:4px;padding:0 6px;color:#fff}
        .grade-A{background:var(--good)} .grade-B{background:#2b6cb0} .grade-C{background:var(--warn)} .grade-F{background:var(--bad)}
        .average{font-weight:400;color:var(--muted);margin-left:10px;font-size:13px}
        td.trend{white-space:nowrap} td.trend span{color:var(--muted);font-size:13px;margin-left:6px}
        .warnings{color:#744210;background:#fffaf0;border:1px solid #f6e05e;border-radius:6px;padding:8px 12px 8px 30px}
        figure{margin:6px 0 12px}
        svg{overflow:visible} svg.chart{width:100%;height:auto;display:block} svg.sparkline,svg.meter{vertical-align:middle}
        svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--muted)}
        svg text.current{fill:var(--ink);font-weight:700} svg text.note{fill:var(--ink);font-size:11px}
        .grid{stroke:#e4e7eb;stroke-width:1} .baseline{stroke:var(--ink);stroke-width:1}
        .actual{fill:var(--bar)} .actual.current{fill:var(--bar-now)}
        .target{stroke:var(--target);stroke-width:3;stroke-linecap:round}
        .target-path{fill:none;stroke:var(--target);stroke-width:1.2;stroke-dasharray:4 3;opacity:.7}
        .spark{fill:none;stroke:var(--bar);stroke-width:1.6} .spark-dot{fill:var(--bar)} .spark-dot.last{fill:var(--bar-now)}
        .meter-track{fill:#edf1f5} .meter-value{fill:var(--bar)} .meter-reference{stroke:var(--ink);stroke-width:2}
        footer{max-width:1040px;margin:0 auto;padding:8px 32px 28px;color:var(--muted);font-size:12px}
        @page{size:A4;margin:14mm}
        @media print{main{padding:0;max-width:none}footer{padding:8px 0 0}section{margin:20px 0}\
        h2,h3{break-after:avoid}figure,.tiles{break-inside:avoid}\
        .tiles{grid-template-columns:repeat(4,1fr)}svg.meter{width:120px}}
        """
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

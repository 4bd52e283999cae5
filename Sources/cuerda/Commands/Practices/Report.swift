import Alignment
import ArgumentParser
import CuerdaCore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the review-meeting report as one self-contained HTML file.",
        discussion: """
            One page for the review meeting: revenue against target month by month with the \
            attainment of each month and of the year to date, the quota allocation and its gap, \
            the open action items (overdue ones flagged) and the report card with each need's \
            trend. Inline CSS and SVG only: it opens offline, in any browser, and prints.

            The month defaults to this month (or December of an earlier --year); the cycle to \
            the latest one started by then with a revealed card. Replicas holding the same data \
            write the same file on the same day.

            Only --html is written for now; the text reports live in each practice's command \
            (`review show`, `quota show`, `action list`, `scorecard report`).

            Example:
              cuerda report --html --out review-2026-03.html --month 2026-03 --cycle 2026-H1
            """)

    @OptionGroup var replica: ReplicaOptions
    @Flag(help: "Write HTML (required: the only format for now).") var html = false
    @Option(help: ArgumentHelp("The file to write.", valueName: "path"), completion: .file(extensions: ["html"])) var out: String
    @Option(help: ArgumentHelp("The year of the revenue chart (default: the month's).", valueName: "YYYY")) var year: Int?
    @Option(help: ArgumentHelp("The review month (default: this month).", valueName: "YYYY-MM")) var month: String?
    @Option(help: ArgumentHelp("The report-card cycle (default: the latest revealed).", valueName: "cycle")) var cycle: String?

    func validate() throws {
        guard html else {
            throw ValidationError(
                "--html is required: the report is HTML for now (text reports: `review show`, `quota show`, "
                    + "`action list`, `scorecard report`)")
        }
    }

    func run() throws {
        let report = try replica.openPractices().meetingReport(
            year: year, month: month.map(Month.init(parsing:)), cycle: cycle.map(Period.init(parsing:)),
            now: UInt64(Date().timeIntervalSince1970 * 1000))
        let bytes = Data(HTMLReport.render(report).utf8)
        do { try bytes.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            throw CuerdaError(.io, "cannot write \(out): \(error.localizedDescription)")
        }
        print("Wrote the review report (\(bytes.count) bytes) to \(out)")
    }
}

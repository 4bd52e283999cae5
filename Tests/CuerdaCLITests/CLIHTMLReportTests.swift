import Foundation
import Testing

/// `cuerda report --html` through the built binary: the file it writes, and its errors.
@Suite struct CLIHTMLReportTests {
    @Test func theBinaryWritesOneSelfContainedPageAndConvergedReplicasWriteTheSameBytes() throws {
        let office = try CLIOffice()
        try office.run("marta", ["target", "set", "--period", "2026", "--amount", "12,000,000", "--currency", "EUR"])
        try office.syncAll()
        try office.run("luis", ["potential", "set", "--period", "2026", "--group", "Retail & <Co>", "--amount", "5,000,000"])
        try office.run("luis", ["quota", "set", "--period", "2026", "--group", "Retail & <Co>", "--amount", "4,500,000"])
        try office.run("luis", ["actual", "record", "--month", "2026-03", "--group", "Retail & <Co>", "--amount", "820,000"])
        try office.run("marta", ["action", "add", "--title", "Call <script>", "--owner", "Sara", "--due", "2026-04-30"])
        try office.syncAll()

        let out = try office.run("luis", ["report", "--html", "--out", "luis.html", "--month", "2026-03"])
        let size = try office.cli.size("luis.html")
        #expect(out == "Wrote the review report (\(size) bytes) to luis.html\n", "\(out)")
        let html = try #require(FileManager.default.contents(atPath: office.cli.path("luis.html")))
        let text = String(decoding: html, as: UTF8.self)
        #expect(text.hasPrefix("<!DOCTYPE html>\n") && text.hasSuffix("</html>\n"))
        #expect(text.contains("<title>Review meeting, March 2026</title>"))
        #expect(
            text.contains(
                "<td>Retail &amp; &lt;Co&gt;</td><td class=\"num\">5,000,000.00</td><td class=\"num\">4,500,000.00</td>"))
        #expect(text.contains("<td>March</td><td class=\"num\">1,000,000.00</td><td class=\"num\">820,000.00</td>"))
        #expect(text.contains("<td>Call &lt;script&gt;</td>"))
        for forbidden in ["<script", "http://", "https://", "src=", "@import", "url("] {
            #expect(!text.lowercased().contains(forbidden), "\(forbidden)")
        }

        // The same data on another side's replica gives the same bytes (the day is the same,
        // unless the run straddles midnight UTC: then only the later pair must agree).
        try office.run("elena", ["report", "--html", "--out", "elena.html", "--month", "2026-03"])
        try office.run("luis", ["report", "--html", "--out", "luis2.html", "--month", "2026-03"])
        let elena = FileManager.default.contents(atPath: office.cli.path("elena.html"))
        let again = FileManager.default.contents(atPath: office.cli.path("luis2.html"))
        #expect(elena == again || elena == html, "converged replicas wrote different reports")
    }

    @Test func badArgumentsFailCleanlyAndWriteNothing() throws {
        let office = try CLIOffice()
        let report = ["report", "--html", "--out", "r.html"]
        try office.fail("marta", report + ["--month", "2026-13"], code: 2, mentioning: ["'2026-13' is not a month"])
        try office.fail("marta", report + ["--month", "March"], code: 2, mentioning: ["not a month"])
        try office.fail("marta", report + ["--cycle", "2026-H3"], code: 2, mentioning: ["not a period"])
        try office.fail("marta", report + ["--cycle", "2026-H1"], code: 2, mentioning: ["no cycle 2026-H1"])
        try office.fail("marta", report + ["--year", "2025", "--month", "2026-03"], code: 2, mentioning: ["not in 2025"])
        try office.fail("marta", report + ["--year", "1999"], code: 2, mentioning: ["not a month"])
        try office.fail(
            "marta", ["report", "--html", "--out", "no/such/dir/r.html"], code: 5, mentioning: ["cannot write no/such/dir/r.html"]
        )
        try office.cli.usageError(["report", "--html", "--replica", "marta.cuerda"], mentioning: ["--out"])
        try office.cli.usageError(["report", "--out", "r.html", "--replica", "marta.cuerda"], mentioning: ["--html is required"])
        try office.cli.usageError(["report", "--html", "--out", "r.html", "--year", "next", "--replica", "marta.cuerda"])
        try office.fail("nobody", report, code: 5)
        #expect(!FileManager.default.fileExists(atPath: office.cli.path("r.html")))

        let help = try office.cli.succeed(["report", "--help"])
        #expect(help.contains("USAGE: cuerda report") && help.contains("  cuerda report --html --out"), "\(help)")
        #expect(try office.cli.succeed(["--help"]).contains("\n  report "))
    }
}

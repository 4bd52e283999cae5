import Alignment
import CuerdaCore
import CuerdaTestSupport
import Testing

@Suite struct MoneyPeriodTests {
    static let eur = Currency.eur
    static let jpy = try! Currency("JPY")
    static let kwd = try! Currency("KWD")

    @Test(arguments: [
        ("1,250,000.50", "EUR", 125_000_050), ("1_000", "EUR", 100_000), ("0.5", "EUR", 50), ("  42 ", "EUR", 4200),
        ("12,500", "JPY", 12_500), ("1.234", "KWD", 1234), ("10,000,000,000,000", "EUR", 1_000_000_000_000_000),
    ])
    func amountsParseToMinorUnits(text: String, code: String, minorUnits: Int64) throws {
        #expect(try Money(parsing: text, currency: Currency(code)).minorUnits == minorUnits)
    }

    @Test(arguments: [
        ("abc", "EUR", "not an amount"), ("", "EUR", "not an amount"), ("1.", "EUR", "not an amount"),
        (".5", "EUR", "not an amount"), ("1.2.3", "EUR", "not an amount"), ("1e6", "EUR", "not an amount"),
        ("1.234", "EUR", "decimals"), ("1.5", "JPY", "decimals"), ("1.2345", "KWD", "decimals"),
        ("-5", "EUR", "negative"), ("10,000,000,000,000.01", "EUR", "too large"),
        ("99999999999999999999", "EUR", "too large"),
    ])
    func badAmountsAreRefusedWithTheReason(text: String, code: String, reason: String) throws {
        let error = #expect(throws: CuerdaError.self) { try Money(parsing: text, currency: Currency(code)) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func negativeAmountsOnlyWhenAllowed() throws {
        #expect(try Money(parsing: "-1,250.5", currency: Self.eur, allowNegative: true).minorUnits == -125_050)
    }

    @Test func formattingGroupsThousandsWithTheCurrencysDecimals() {
        #expect(Money(minorUnits: 125_000, currency: Self.eur).description == "1,250.00 EUR")
        #expect(Money(minorUnits: -5, currency: Self.eur).formatted == "-0.05")
        #expect(Money(minorUnits: 1_250_000, currency: Self.jpy).description == "1,250,000 JPY")
        #expect(Money(minorUnits: 1250, currency: Self.kwd).formatted == "1.250")
        #expect(Money(minorUnits: 0, currency: Self.eur).formatted == "0.00")
        #expect(Money(minorUnits: 100_000, currency: Self.eur).formatted == "1,000.00")
    }

    /// Formatting then parsing gives back the same amount, for random amounts of each currency.
    @Test func formattedAmountsParseBack() throws {
        for seed in SeededGenerator.seeds(5, salt: 11) {
            var random = SeededGenerator(seed: seed)
            for _ in 0..<400 {
                let currency = [Self.eur, Self.jpy, Self.kwd].randomElement(using: &random)!
                let digits = Int.random(in: 1...18, using: &random)
                var units = Int64.random(in: 0...Money.maxMinorUnits, using: &random)
                for _ in digits..<18 { units /= 10 }
                if Bool.random(using: &random) { units = -units }
                let money = Money(minorUnits: units, currency: currency)
                let parsed = try Money(parsing: money.formatted, currency: currency, allowNegative: true)
                #expect(parsed == money, "seed \(seed): \(money.formatted)")
            }
        }
    }

    @Test func currencyCodesAreThreeLetters() throws {
        #expect(try Currency("usd").code == "USD")
        for bad in ["EU", "EURO", "E1R", ""] { #expect(throws: CuerdaError.self) { try Currency(bad) } }
    }

    @Test(arguments: [
        ("2026", "2026", 12), ("2026-H1", "2026-H1", 6), ("2026-h2", "2026-H2", 6), ("2026-Q3", "2026-Q3", 3),
        ("2026-03", "2026-03", 1), ("2999-12", "2999-12", 1),
    ])
    func periodsParseAndPrintBack(text: String, printed: String, months: Int) throws {
        let period = try Period(parsing: text)
        #expect(period.description == printed)
        #expect(period.months.count == months)
        #expect(try Period(parsing: period.description) == period)
    }

    @Test(arguments: [
        "", "26", "20261", "1999", "3000", "2026-", "-2026", "2026-Q0", "2026-Q5", "2026-H3", "2026-13", "2026-00", "2026-3",
        "2026-M1", "2026-Q1-01", "2026 ", "abcd",
    ])
    func malformedPeriodsAreRefused(text: String) {
        let error = #expect(throws: CuerdaError.self) { try Period(parsing: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("is not a period") == true)
    }

    @Test func monthsAreOnlyMonths() throws {
        #expect(try Month(parsing: "2026-03") == Month(year: 2026, month: 3))
        for bad in ["2026", "2026-Q1", "2026-H1", "2026-13", "03-2026"] {
            #expect(throws: CuerdaError.self, "\(bad)") { try Month(parsing: bad) }
        }
        #expect(try Month(year: 2026, month: 1).previous == Month(year: 2025, month: 12))
        #expect(try Month(year: 2026, month: 12).next == Month(year: 2027, month: 1))
    }

    @Test func daysMustExist() throws {
        for good in ["2026-01-31", "2028-02-29", "2000-02-29", "2026-12-31"] {
            #expect(try Day(parsing: good).description == good)
        }
        for bad in ["2026-02-29", "2100-02-29", "2026-04-31", "2026-4-01", "2026-04-1", "2026-04-00", "2026-04", "26-04-01"] {
            #expect(throws: CuerdaError.self, "\(bad)") { try Day(parsing: bad) }
        }
    }

    @Test func periodsCoverTheirMonthsInOrder() throws {
        let months = { (text: String) throws -> [String] in try Period(parsing: text).months.map(\.description) }
        #expect(try months("2026-H2") == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"])
        #expect(try months("2026-Q4") == ["2026-10", "2026-11", "2026-12"])
        #expect(try months("2026") == (1...12).map { "2026-\($0 < 10 ? "0" : "")\($0)" })
        let year = try Period(parsing: "2026")
        #expect(year.contains(try Period(parsing: "2026-Q2")))
        #expect(try Period(parsing: "2026-H1").contains(Period(parsing: "2026-Q2")))
        #expect(!(try Period(parsing: "2026-H1").contains(Period(parsing: "2026-Q3"))))
        #expect(!year.contains(try Period(parsing: "2027-01")))
        // Every quarter lies in exactly one half, and the quarters tile the year.
        let quarters = try (1...4).map { try Period(parsing: "2026-Q\($0)") }
        #expect(quarters.flatMap(\.months) == year.months)
        for quarter in quarters {
            #expect(try [Period(parsing: "2026-H1"), Period(parsing: "2026-H2")].filter { $0.contains(quarter) }.count == 1)
        }
    }
}

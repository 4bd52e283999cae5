import CuerdaCore

/// The comma-separated files that sales exports from a spreadsheet: a header row, then one
/// record per line. Fields may be quoted (`"1,250.00"`), a quote inside a quoted field is
/// doubled (`""`), and a quoted field may span lines; blank lines are skipped. Every error
/// names the line it is on.
enum RevenueCSV {
    struct Record {
        /// The line the record starts on (the header is line 1).
        var line: Int
        var fields: [String]
    }

    /// Splits `text` into records, fields trimmed of surrounding spaces.
    static func records(_ text: String) throws(CuerdaError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var start = 1
        var quoted = false
        var closed = false
        func finishField() {
            fields.append(field.trimmingCharacters(in: .whitespaces))
            field = ""
            closed = false
        }
        var characters = text.drop { $0 == "\u{FEFF}" }.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                        closed = true
                    }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
            } else if character == "," {
                finishField()
            } else if character.isNewline {
                finishField()
                if fields != [""] { records.append(Record(line: start, fields: fields)) }
                fields = []
                line += 1
                start = line
            } else if character == "\"" {
                guard field.allSatisfy(\.isWhitespace), !closed else {
                    throw CuerdaError(.invalidArgument, "line \(line): a quote in the middle of a field (quote the whole field)")
                }
                field = ""
                quoted = true
            } else if closed, !character.isWhitespace {
                throw CuerdaError(.invalidArgument, "line \(line): text after a closing quote")
            } else {
                field.append(character)
            }
        }
        guard !quoted else { throw CuerdaError(.invalidArgument, "line \(start): a quoted field is never closed") }
        finishField()
        if fields != [""] { records.append(Record(line: start, fields: fields)) }
        return records
    }

    /// The records after a header that names `columns` in order, optionally followed by
    /// `currency`; each record as a map from column to field.
    static func table(_ text: String, columns: [String]) throws(CuerdaError) -> [(line: Int, cells: [String: String])] {
        let records = try records(text)
        let expected = columns.joined(separator: ",") + "[,currency]"
        guard let header = records.first else {
            throw CuerdaError(.invalidArgument, "line 1: the header row is missing (\(expected))")
        }
        let names = header.fields.map { $0.lowercased() }
        guard names == columns || names == columns + ["currency"] else {
            throw CuerdaError(
                .invalidArgument,
                "line \(header.line): the header must be \(expected), not \(header.fields.joined(separator: ","))")
        }
        var rows: [(line: Int, cells: [String: String])] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw CuerdaError(
                    .invalidArgument, "line \(record.line): \(record.fields.count) fields where the header has \(names.count)")
            }
            rows.append((record.line, Dictionary(uniqueKeysWithValues: zip(names, record.fields))))
        }
        return rows
    }
}

/// A revenue figure that a CSV file can carry.
protocol ImportedFigure {
    var rowID: String { get }
    var cells: [String: Value] { get }
    var amount: Money { get }
}

extension ActualRevenue: ImportedFigure {}
extension RevenuePotential: ImportedFigure {}

extension AlignmentReplica {
    /// Imports actuals from CSV: `month,customer_group,amount[,currency]` (sales or leadership).
    ///
    /// Every row is checked before anything is written, then all are written in one
    /// transaction: a file with one bad row changes nothing.
    /// - Parameter currency: for rows without a currency column or cell.
    /// - Returns: the actuals written, in file order.
    /// - Throws: ``CuerdaError`` `.invalidArgument` naming the line of the first bad row.
    @discardableResult
    public func importActuals(csv text: String, currency: Currency) throws(CuerdaError) -> [ActualRevenue] {
        _ = try actor(in: [.sales, .leadership], to: "record actual revenue")
        return try importFigures(
            text, columns: ["month", "customer_group", "amount"], into: AlignmentSchema.Table.actuals, currency: currency
        ) { cells, amount throws(CuerdaError) in
            try checkedActual(amount, month: try Month(parsing: cells["month"]!), group: cells["customer_group"]!)
        }
    }

    /// Imports potentials from CSV: `period,customer_group,customer,amount[,currency]`, an
    /// empty customer for the group as a whole (sales only). All or nothing, like actuals.
    @discardableResult
    public func importPotentials(csv text: String, currency: Currency) throws(CuerdaError) -> [RevenuePotential] {
        _ = try actor(in: [.sales], to: "record revenue potential")
        return try importFigures(
            text, columns: ["period", "customer_group", "customer", "amount"], into: AlignmentSchema.Table.potentials,
            currency: currency
        ) { cells, amount throws(CuerdaError) in
            let customer = cells["customer"]!
            return try checkedPotential(
                amount, period: try Period(parsing: cells["period"]!), group: cells["customer_group"]!,
                customer: customer.isEmpty ? nil : customer)
        }
    }

    /// Parses and checks every row (errors prefixed with their line), refuses a key given twice
    /// and currencies that differ from each other or from the recorded figures, then writes
    /// all rows in one transaction.
    private func importFigures<Figure: ImportedFigure>(
        _ text: String, columns: [String], into table: String, currency fallback: Currency,
        parse: ([String: String], Money) throws(CuerdaError) -> Figure
    ) throws(CuerdaError) -> [Figure] {
        var figures: [Figure] = []
        var lines: [String: Int] = [:]
        var used = Set(try RevenueBook(self).allAmounts.map(\.currency))
        for (line, cells) in try RevenueCSV.table(text, columns: columns) {
            do throws(CuerdaError) {
                let code = cells["currency"] ?? ""
                let currency = code.isEmpty ? fallback : try Currency(code)
                let figure = try parse(cells, try Money(parsing: cells["amount"]!, currency: currency))
                if let first = lines[figure.rowID] {
                    throw CuerdaError(.invalidArgument, "\(figure.rowID) is already on line \(first)")
                }
                used.insert(currency)
                guard used.count == 1 else {
                    throw CuerdaError(
                        .invalidArgument,
                        "\(currency) mixes currencies with \(used.subtracting([currency]).map(\.code).sorted().joined(separator: ", ")): "
                            + "revenue figures must share one currency")
                }
                lines[figure.rowID] = line
                figures.append(figure)
            } catch {
                throw CuerdaError(error.code, "line \(line): \(error.message)")
            }
        }
        try perform("import \(table)") { tx in
            for figure in figures { try tx.upsert(table, id: figure.rowID, figure.cells) }
        }
        return figures
    }
}

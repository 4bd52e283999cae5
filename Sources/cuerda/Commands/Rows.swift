import ArgumentParser
import CuerdaCore
import CuerdaStore
import Foundation

struct Put: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or change a row.",
        discussion: """
            Values are parsed by the column's type: integer, real, text, blob (hex, e.g. x'00ff'), \
            or for untyped columns: a number, x'..' for a blob, or text. `null` is NULL.

            Example:
              cuerda put cells row-1 t=hello n=42
            """)

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The table.") var table: String
    @Argument(help: "The row ID.") var id: String
    @Argument(help: ArgumentHelp("Cells to set.", valueName: "column=value")) var cells: [String] = []

    func run() throws {
        let replica = try replica.open()
        guard let table = replica.schema.table(self.table) else { throw CuerdaError(.notFound, "no table named '\(self.table)'") }
        var values: [String: Value] = [:]
        for cell in cells {
            guard let eq = cell.firstIndex(of: "=") else { throw CuerdaError(.invalidArgument, "'\(cell)' is not column=value") }
            let name = String(cell[..<eq])
            guard let column = table.columns.first(where: { $0.name == name }) else {
                throw CuerdaError(.notFound, "no column \(table.name).\(name)")
            }
            values[name] = try ValueParser.parse(String(cell[cell.index(after: eq)...]), as: column.type)
        }
        let created = try replica.write { tx in
            if try !tx.exists(table.name, id: id) {
                try tx.insert(table.name, id: id, values)
                return true
            }
            try tx.update(table.name, id: id, values)
            return false
        }
        print("\(created ? "Created" : "Updated") \(table.name)/\(id)")
    }
}

struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete a row (a later re-create brings back its values).",
        discussion: "Example:\n  cuerda delete cells row-1")

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The table.") var table: String
    @Argument(help: "The row ID.") var id: String

    func run() throws {
        let replica = try replica.open()
        try replica.write { tx in try tx.delete(table, id: id) }
        print("Deleted \(table)/\(id)")
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the rows of a table, or one row with its conflicting values.",
        discussion: "Examples:\n  cuerda show cells\n  cuerda show grades g-1 --json")

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The table.") var table: String
    @Argument(help: "One row ID.") var id: String?

    func run() throws {
        let replica = try replica.open()
        guard let table = replica.schema.table(self.table) else { throw CuerdaError(.notFound, "no table named '\(self.table)'") }
        let ids = try id.map { [$0] } ?? replica.rowIDs(table.name)
        var records: [[String: Any]] = []
        var lines: [[String]] = []
        for id in ids {
            guard let row = try replica.row(table.name, id: id) else {
                throw CuerdaError(.notFound, "no row \(table.name)/\(id)")
            }
            var record: [String: Any] = ["id": id]
            var line = [id]
            for column in table.columns {
                let value = row[column.name] ?? .null
                record[column.name] = ValueParser.json(value)
                var text = value.description
                if column.policy == .multiValue {
                    let siblings = try replica.siblings(table.name, id: id, column: column.name)
                    if siblings.count > 1 {
                        record[column.name + "_siblings"] = siblings.map { ValueParser.json($0.value) }
                        text += " (conflict: " + siblings.map(\.value.description).joined(separator: " | ") + ")"
                    }
                }
                line.append(text)
            }
            records.append(record)
            lines.append(line)
        }
        if output.json {
            try Output.json(id == nil ? records as Any : records[0])
        } else {
            Output.table(["id"] + table.columns.map(\.name), lines)
        }
    }
}

/// Turns command-line text into typed values and values into JSON.
enum ValueParser {
    static func parse(_ text: String, as type: ColumnType) throws(CuerdaError) -> Value {
        if text == "null" { return .null }
        func bad() -> CuerdaError { CuerdaError(.invalidArgument, "'\(text)' is not a valid \(type.rawValue) value") }
        switch type {
        case .integer:
            guard let v = Int64(text) else { throw bad() }
            return .integer(v)
        case .real:
            guard let v = Double(text) else { throw bad() }
            return .real(v)
        case .text:
            return .text(text)
        case .blob:
            guard let v = blob(text) else { throw bad() }
            return .blob(v)
        case .any:
            if let v = Int64(text) { return .integer(v) }
            if let v = Double(text), text.contains(where: { $0 == "." || $0 == "e" }) { return .real(v) }
            if let v = blob(text) { return .blob(v) }
            return .text(text)
        }
    }

    private static func blob(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("x'"), text.hasSuffix("'"), text.count >= 3 else { return nil }
        return Hex.decode(String(text.dropFirst(2).dropLast()).lowercased())
    }

    static func json(_ value: Value) -> Any {
        switch value {
        case .null: NSNull()
        case .integer(let v): v
        case .real(let v): v.isFinite ? v as Any : String(v)
        case .text(let v): v
        case .blob(let v): "x'" + Hex.encode(v) + "'"
        }
    }
}

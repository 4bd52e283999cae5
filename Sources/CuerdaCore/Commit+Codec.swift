/// The commit layout (see `Docs/cuerda.proto`, message `Commit`).
///
/// Table and column names are interned per commit (field 8) and referenced by index, which
/// keeps a commit of many small cell writes close to the size of its values.
extension CommitContent {
    private enum Field {
        static let format: UInt32 = 1, workspace: UInt32 = 2, device: UInt32 = 3, audience: UInt32 = 4
        static let seq: UInt32 = 5, hlc: UInt32 = 6, dep: UInt32 = 7, name: UInt32 = 8, row: UInt32 = 9
    }

    public func encoded() -> [UInt8] {
        var names: [String: UInt64] = [:]
        var nameList: [String] = []
        func intern(_ name: String) -> UInt64 {
            if let index = names[name] { return index }
            let index = UInt64(nameList.count)
            names[name] = index
            nameList.append(name)
            return index
        }
        var body = WireWriter(capacity: 64 + rows.count * 24)
        for row in rows {
            body.message(Field.row) { w in
                w.uint(1, intern(row.table))
                if let uuid = RowIDCompaction.uuidBytes(row.row) { w.bytes(5, uuid) } else { w.string(2, row.row) }
                if let life = row.life { w.uint(3, life) }
                for cell in row.cells {
                    w.message(4) { c in
                        c.uint(1, intern(cell.column))
                        cell.value.encode(into: &c)
                    }
                }
            }
        }
        var out = WireWriter(capacity: body.bytes.count + 128)
        out.uint(Field.format, Self.format)
        out.bytes(Field.workspace, workspace.bytes)
        out.bytes(Field.device, feed.device.bytes)
        out.string(Field.audience, feed.audience.rawValue)
        out.uint(Field.seq, seq)
        out.uint(Field.hlc, hlc.rawValue)
        deps.encode(into: &out, field: Field.dep)
        for name in nameList { out.string(Field.name, name) }
        var result = out.bytes
        result.append(contentsOf: body.bytes)
        return result
    }

    public init(decoding bytes: [UInt8]) throws(CuerdaError) {
        let result: Result<CommitContent, CuerdaError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CuerdaError) in try CommitContent.decode(WireReader(raw)) }
        }
        self = try result.get()
    }

    private static func decode(_ reader: WireReader) throws(CuerdaError) -> CommitContent {
        var reader = reader
        var format: UInt64 = 0
        var workspace: [UInt8]?
        var device: [UInt8]?
        var audience: String?
        var seq: UInt64 = 0
        var hlc: UInt64 = 0
        var deps = VersionVector()
        var names: [String] = []
        var rowReaders: [WireReader] = []
        while let (field, type) = try reader.nextField() {
            switch field {
            case Field.format: format = try reader.uint(type)
            case Field.workspace: workspace = try reader.bytes(type)
            case Field.device: device = try reader.bytes(type)
            case Field.audience: audience = try reader.string(type)
            case Field.seq: seq = try reader.uint(type)
            case Field.hlc: hlc = try reader.uint(type)
            case Field.dep: try deps.decodeEntry(from: &reader, wireType: type)
            case Field.name: names.append(try reader.string(type))
            case Field.row: rowReaders.append(try reader.message(type))
            default: try reader.skip(type)
            }
        }
        guard format == Self.format else {
            throw CuerdaError(
                .malformed,
                format == 0
                    ? "commit has no format number" : "commit format \(format) is newer than this version reads (\(Self.format))")
        }
        guard let workspace, let device, let audience else {
            throw CuerdaError(.malformed, "commit lacks workspace, device or audience")
        }
        guard seq > 0 else { throw CuerdaError(.malformed, "commit sequence numbers start at 1") }
        guard seq <= VersionVector.maxSeq else { throw CuerdaError(.malformed, "commit sequence number \(seq) is too large") }
        func name(_ index: UInt64) throws(CuerdaError) -> String {
            guard index < UInt64(names.count) else { throw CuerdaError(.malformed, "name index \(index) out of range") }
            return names[Int(index)]
        }
        var rows: [RowOp] = []
        rows.reserveCapacity(rowReaders.count)
        for var r in rowReaders {
            var op = RowOp(table: "", row: "")
            var hasTable = false
            var hasRow = false
            while let (f, t) = try r.nextField() {
                switch f {
                case 1:
                    op.table = try name(try r.uint(t))
                    hasTable = true
                case 2:
                    op.row = try r.string(t)
                    hasRow = true
                case 5:
                    op.row = try RowIDCompaction.uuidString(try r.slice(t))
                    hasRow = true
                case 3:
                    let life = try r.uint(t)
                    guard life > 0 else { throw CuerdaError(.malformed, "causal length 0") }
                    guard life <= VersionVector.maxSeq else {
                        throw CuerdaError(.malformed, "causal length \(life) is too large")
                    }
                    op.life = life
                case 4:
                    var c = try r.message(t)
                    var column: String?
                    var value: Value?
                    while let (cf, ct) = try c.nextField() {
                        if cf == 1 {
                            column = try name(try c.uint(ct))
                        } else if let decoded = try Value.decode(field: cf, wireType: ct, from: &c) {
                            value = decoded
                        } else {
                            try c.skip(ct)
                        }
                    }
                    guard let column, let value else { throw CuerdaError(.malformed, "cell without column or value") }
                    op.cells.append(CellWrite(column: column, value: value))
                default: try r.skip(t)
                }
            }
            guard hasTable, hasRow else { throw CuerdaError(.malformed, "row change without table or row") }
            rows.append(op)
        }
        return CommitContent(
            workspace: try WorkspaceID(bytes: workspace),
            feed: FeedID(device: try DeviceID(bytes: device), audience: try Audience(wire: audience)),
            seq: seq, hlc: Timestamp(rawValue: hlc), deps: deps, rows: rows)
    }
}

extension Value {
    /// Field numbers 2–6 of any message that embeds a value (`oneof value` in the proto).
    public func encode(into w: inout WireWriter) {
        switch self {
        case .null: w.uint(2, 1)
        case .integer(let v): w.sint(3, v)
        case .real(let v): w.fixed64(4, v.bitPattern)
        case .text(let v): w.string(5, v)
        case .blob(let v): w.bytes(6, v)
        }
    }

    /// Decodes a value field, or returns nil when `field` is not a value field.
    public static func decode(field: UInt32, wireType: UInt8, from r: inout WireReader) throws(CuerdaError) -> Value? {
        switch field {
        case 2:
            _ = try r.uint(wireType)
            return .null
        case 3: return .integer(try r.sint(wireType))
        case 4: return .real(Double(bitPattern: try r.fixed64(wireType)))
        case 5: return .text(try r.string(wireType))
        case 6: return .blob(try r.bytes(wireType))
        default: return nil
        }
    }
}

extension Audience {
    /// An audience read from bytes: a bad one makes the message malformed, not the caller's argument.
    public init(wire value: String) throws(CuerdaError) {
        do { try self.init(value) } catch { throw CuerdaError(.malformed, error.message) }
    }
}

extension VersionVector {
    /// Writes one `Dep` message (`device`, `audience`, `seq`) per entry, in feed order.
    public func encode(into w: inout WireWriter, field: UInt32) {
        for (feed, seq) in sorted {
            w.message(field) { d in
                d.bytes(1, feed.device.bytes)
                d.string(2, feed.audience.rawValue)
                d.uint(3, seq)
            }
        }
    }

    /// The vector alone as bytes: one `Dep` message per entry in field 1.
    public func encoded() -> [UInt8] {
        var w = WireWriter()
        encode(into: &w, field: 1)
        return w.bytes
    }

    /// Reads bytes written by ``encoded()``.
    public init(encoded bytes: [UInt8]) throws(CuerdaError) {
        self.init()
        var vector = VersionVector()
        let failure: CuerdaError? = bytes.withUnsafeBytes { raw in
            var r = WireReader(raw)
            do throws(CuerdaError) {
                while let (field, type) = try r.nextField() {
                    if field == 1 { try vector.decodeEntry(from: &r, wireType: type) } else { try r.skip(type) }
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        self = vector
    }

    /// Reads one `Dep` message into the vector; a feed listed twice is malformed.
    public mutating func decodeEntry(from r: inout WireReader, wireType: UInt8) throws(CuerdaError) {
        var d = try r.message(wireType)
        var device: [UInt8]?
        var audience: String?
        var seq: UInt64 = 0
        while let (f, t) = try d.nextField() {
            switch f {
            case 1: device = try d.bytes(t)
            case 2: audience = try d.string(t)
            case 3: seq = try d.uint(t)
            default: try d.skip(t)
            }
        }
        guard let device, let audience else { throw CuerdaError(.malformed, "version vector entry without a feed") }
        let feed = FeedID(device: try DeviceID(bytes: device), audience: try Audience(wire: audience))
        guard self[feed] == 0 else { throw CuerdaError(.malformed, "version vector lists \(feed) twice") }
        guard seq <= Self.maxSeq else { throw CuerdaError(.malformed, "version vector entry \(feed)=\(seq) is too large") }
        self[feed] = seq
    }
}

/// Row IDs shaped like the library's default (a lower-case UUID, 36 characters) travel as
/// their 16 raw bytes (field 5 of `RowChange`) instead of text (field 2): most of a cell
/// update's size is its row ID. The text form is rebuilt exactly, so nothing else changes.
enum RowIDCompaction {
    /// The 16 bytes of a canonical lower-case UUID, or nil for any other ID.
    static func uuidBytes(_ id: String) -> [UInt8]? {
        var id = id
        return id.withUTF8 { utf8 -> [UInt8]? in
            guard utf8.count == 36 else { return nil }
            var out = [UInt8](repeating: 0, count: 16)
            var i = 0
            for k in 0..<16 {
                if i == 8 || i == 13 || i == 18 || i == 23 {
                    guard utf8[i] == UInt8(ascii: "-") else { return nil }
                    i += 1
                }
                guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
                out[k] = hi << 4 | lo
                i += 2
            }
            return out
        }
    }

    /// A lower-case hex digit's value (upper case is not canonical, so it is refused).
    @inline(__always)
    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }

    /// The canonical text of a UUID row ID (8-4-4-4-12 lower-case hex digits), written
    /// straight into the string's storage: this runs for every row change decoded.
    static func uuidString(_ bytes: UnsafeRawBufferPointer) throws(CuerdaError) -> String {
        guard bytes.count == 16 else { throw CuerdaError(.malformed, "a UUID row ID has 16 bytes, not \(bytes.count)") }
        return String(unsafeUninitializedCapacity: 36) { out in
            @inline(__always) func digit(_ n: UInt8) -> UInt8 { n < 10 ? n &+ UInt8(ascii: "0") : n &+ (UInt8(ascii: "a") &- 10) }
            var j = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[j] = UInt8(ascii: "-")
                    j += 1
                }
                let byte = bytes[i]
                out[j] = digit(byte >> 4)
                out[j + 1] = digit(byte & 0x0f)
                j += 2
            }
            return j
        }
    }
}

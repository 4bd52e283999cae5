import Crypto
import CuerdaCore
import Foundation

/// What a bundle file says about itself before its commits (see `Docs/file-format.md`).
public struct BundleHeader: Sendable, Equatable {
    public var workspace: WorkspaceID
    /// The device that wrote and signed the file.
    public var sender: DeviceID
    /// The audiences whose commits the file may hold.
    public var audiences: [Audience]
    /// The recipient's vector the export started from; empty for "everything".
    public var base: VersionVector
    public var commitCount: UInt64
    /// Size of the decompressed body; the reader refuses to expand past it.
    public var bodyLength: UInt64
    /// Milliseconds since 1970 when the file was written.
    public var created: UInt64
    /// The application schema (JSON), so that a new device can start a replica from the file.
    public var schema: [UInt8]
    /// A governed workspace's charter (founder and nonce, 48 bytes); empty for an open one.
    public var charterBytes: [UInt8] = []

    /// The charter, checked for shape (the caller checks it founds ``workspace``).
    public var charter: Charter? {
        get throws(CuerdaError) { charterBytes.isEmpty ? nil : try Charter(bytes: charterBytes) }
    }
}

extension BundleHeader {
    /// A header to write; the writer fills in the commit count and body length.
    public init(
        workspace: WorkspaceID, sender: DeviceID, audiences: [Audience], base: VersionVector = VersionVector(),
        created: UInt64, schema: [UInt8], charterBytes: [UInt8] = []
    ) {
        self.workspace = workspace
        self.sender = sender
        self.audiences = audiences
        self.base = base
        commitCount = 0
        bodyLength = 0
        self.created = created
        self.schema = schema
        self.charterBytes = charterBytes
    }
}

/// The bundle file format, version 1: `magic | version | flags | header | body | signature`.
public enum BundleFormat {
    /// `\x89CUERDA\n`: the high byte catches 7-bit transfers, the newline catches text-mode
    /// conversions, as in PNG.
    public static let magic: [UInt8] = [0x89, 0x43, 0x55, 0x45, 0x52, 0x44, 0x41, 0x0A]
    public static let version: UInt16 = 1
    public static let maxHeaderBytes = 1 << 20
    public static let maxFileBytes = 1 << 31
    /// Deflate cannot expand data more than about 1032:1; a header that claims more is forged.
    public static let maxExpansion: UInt64 = 1032
    static let prefixBytes = 8 + 2 + 2 + 4
    static let signatureBytes = 64
}

extension BundleHeader {
    func encoded() -> [UInt8] {
        var w = WireWriter()
        w.bytes(1, workspace.bytes)
        w.bytes(2, sender.bytes)
        for audience in audiences { w.string(3, audience.rawValue) }
        base.encode(into: &w, field: 4)
        w.uint(5, commitCount)
        w.uint(6, bodyLength)
        w.uint(7, created)
        w.bytes(8, schema)
        if !charterBytes.isEmpty { w.bytes(9, charterBytes) }
        return w.bytes
    }

    init(decoding raw: UnsafeRawBufferPointer) throws(CuerdaError) {
        var r = WireReader(raw)
        var workspace: [UInt8]?
        var sender: [UInt8]?
        var audiences: [Audience] = []
        var base = VersionVector()
        var count: UInt64 = 0
        var length: UInt64 = 0
        var created: UInt64 = 0
        var schema: [UInt8] = []
        var charter: [UInt8] = []
        while let (field, type) = try r.nextField() {
            switch field {
            case 1: workspace = try r.bytes(type)
            case 2: sender = try r.bytes(type)
            case 3: audiences.append(try Audience(wire: try r.string(type)))
            case 4: try base.decodeEntry(from: &r, wireType: type)
            case 5: count = try r.uint(type)
            case 6: length = try r.uint(type)
            case 7: created = try r.uint(type)
            case 8: schema = try r.bytes(type)
            case 9: charter = try r.bytes(type)
            default: try r.skip(type)
            }
        }
        guard let workspace, let sender else { throw CuerdaError(.badBundle, "bundle header lacks workspace or sender") }
        self.init(
            workspace: try WorkspaceID(bytes: workspace), sender: try DeviceID(bytes: sender), audiences: audiences,
            base: base, commitCount: count, bodyLength: length, created: created, schema: schema, charterBytes: charter)
    }
}

/// Writes a bundle: commits are appended one by one into a deflate stream; the header,
/// which needs their count and size, is written at the end. Any signed commits may go in:
/// a reader checks every one, whoever wrote the file.
public struct BundleWriter {
    private let deflater = Deflater()
    private var count: UInt64 = 0
    private var length: UInt64 = 0

    public init() {}

    public mutating func append(_ commit: SignedCommit) {
        var record = WireWriter(capacity: commit.bytes.count + 80)
        record.varint(UInt64(commit.bytes.count))
        var bytes = record.bytes
        bytes.append(contentsOf: commit.bytes)
        bytes.append(contentsOf: commit.signature)
        deflater.write(bytes)
        count += 1
        length += UInt64(bytes.count)
    }

    public var commitCount: UInt64 { count }

    /// The complete file: prefix, header, compressed body, and the sender's signature over
    /// the SHA-256 of everything before it.
    public func finish(header: BundleHeader, signer: DeviceKey) -> [UInt8] {
        var header = header
        header.commitCount = count
        header.bodyLength = length
        let encodedHeader = header.encoded()
        var file = BundleFormat.magic
        file.append(contentsOf: [UInt8(BundleFormat.version >> 8), UInt8(BundleFormat.version & 0xff), 0, 0])
        let n = UInt32(encodedHeader.count)
        file.append(contentsOf: [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)])
        file.append(contentsOf: encodedHeader)
        file.append(contentsOf: deflater.finish())
        file.append(contentsOf: signer.sign(Array(SHA256.hash(data: file))))
        return file
    }
}

/// Reads a bundle: checks the structure and the trailer signature over the whole file
/// before yielding a single commit, then streams the commits in batches.
public struct BundleReader {
    public let header: BundleHeader
    private let file: [UInt8]
    private let bodyRange: Range<Int>

    /// Reads and checks a bundle file.
    ///
    /// - Throws: ``CuerdaError`` `.io` if unreadable, `.badBundle` for a wrong magic, version,
    ///   structure or a cut, `.badSignature` if the trailer does not verify, `.limitExceeded`
    ///   for absurd sizes.
    public init(path: String) throws(CuerdaError) {
        let url = URL(fileURLWithPath: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw CuerdaError(.io, "cannot read \(path)") }
        guard size <= BundleFormat.maxFileBytes else {
            throw CuerdaError(.limitExceeded, "\(path) is \(size) bytes, over the \(BundleFormat.maxFileBytes)-byte bundle limit")
        }
        // Read straight into the byte array the reader keeps: one copy of the file in memory.
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw CuerdaError(.io, "cannot read \(path)") }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 1 << 20) } catch {
                throw CuerdaError(.io, "cannot read \(path)", underlying: "\(error)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            guard bytes.count + chunk.count <= BundleFormat.maxFileBytes else {
                throw CuerdaError(
                    .limitExceeded, "\(path) grew past the \(BundleFormat.maxFileBytes)-byte bundle limit while reading")
            }
            bytes.append(contentsOf: chunk)
        }
        try self.init(bytes: bytes)
    }

    public init(bytes file: [UInt8]) throws(CuerdaError) {
        let minimum = BundleFormat.prefixBytes + BundleFormat.signatureBytes
        guard !file.isEmpty else { throw CuerdaError(.badBundle, "the file is empty, not a bundle") }
        guard file.count >= 8 || !BundleFormat.magic.starts(with: file) else {
            throw CuerdaError(.badBundle, "bundle is cut short (\(file.count) bytes)")
        }
        guard file.count >= 8, Array(file[0..<8]) == BundleFormat.magic else {
            throw CuerdaError(.badBundle, "not a Cuerda bundle (wrong magic bytes)")
        }
        guard file.count >= minimum else { throw CuerdaError(.badBundle, "bundle is cut short (\(file.count) bytes)") }
        let version = UInt16(file[8]) << 8 | UInt16(file[9])
        guard version == BundleFormat.version else {
            throw CuerdaError(
                .badBundle, "bundle format version \(version) is not supported (this version reads \(BundleFormat.version))")
        }
        guard file[10] == 0, file[11] == 0 else {
            throw CuerdaError(.badBundle, "bundle uses flags this version does not know (sealed bundles need a newer reader?)")
        }
        let headerLength = Int(file[12]) << 24 | Int(file[13]) << 16 | Int(file[14]) << 8 | Int(file[15])
        guard headerLength <= BundleFormat.maxHeaderBytes else {
            throw CuerdaError(
                .limitExceeded, "bundle header claims \(headerLength) bytes, over the \(BundleFormat.maxHeaderBytes)-byte limit")
        }
        guard BundleFormat.prefixBytes + headerLength <= file.count - BundleFormat.signatureBytes else {
            throw CuerdaError(.badBundle, "bundle is cut short: its header runs past the end")
        }
        let headerRange = BundleFormat.prefixBytes..<(BundleFormat.prefixBytes + headerLength)
        let result: Result<BundleHeader, CuerdaError> = file.withUnsafeBytes { raw in
            Result { () throws(CuerdaError) in
                do {
                    return try BundleHeader(decoding: UnsafeRawBufferPointer(rebasing: raw[headerRange]))
                } catch {
                    throw CuerdaError(.badBundle, "bundle header is corrupt: \((error as? CuerdaError)?.message ?? "\(error)")")
                }
            }
        }
        let header = try result.get()
        let signatureStart = file.count - BundleFormat.signatureBytes
        let signed = SHA256.hash(data: file[0..<signatureStart])
        guard header.sender.verify(signature: file[signatureStart...], over: Array(signed)) else {
            throw CuerdaError(.badSignature, "bundle signature does not verify: the file was altered or cut short")
        }
        bodyRange = headerRange.upperBound..<signatureStart
        guard header.bodyLength <= UInt64(bodyRange.count) * BundleFormat.maxExpansion + 64 else {
            throw CuerdaError(
                .limitExceeded, "bundle claims a body of \(header.bodyLength) bytes from \(bodyRange.count) compressed bytes")
        }
        self.header = header
        self.file = file
    }

    /// Decompresses and decodes the commits, handing them over in batches.
    ///
    /// - Throws: ``CuerdaError`` if the body is corrupt or does not match the header's count
    ///   and length; batches already handed over stay handed over.
    public func forEachBatch(maxCommits: Int = 1000, _ body: ([SignedCommit]) throws(CuerdaError) -> Void) throws(CuerdaError) {
        let inflater = Inflater(file, range: bodyRange, limit: Int(clamping: header.bodyLength))
        var buffer: [UInt8] = []
        var offset = 0
        var batch: [SignedCommit] = []
        var count: UInt64 = 0
        func fill(_ needed: Int) throws(CuerdaError) -> Bool {
            while buffer.count - offset < needed {
                let chunk = try inflater.read()
                if chunk.isEmpty { return false }
                if offset > 0 {
                    buffer.removeFirst(offset)
                    offset = 0
                }
                buffer.append(contentsOf: chunk)
            }
            return true
        }
        while true {
            guard try fill(1) else { break }
            // A record: varint length, the commit bytes, then the 64-byte signature.
            var length = 0
            var shift = 0
            while true {
                guard try fill(1) else { throw CuerdaError(.badBundle, "bundle body ends inside a record") }
                let byte = buffer[offset]
                offset += 1
                length |= Int(byte & 0x7f) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
                guard shift < 28 else { throw CuerdaError(.badBundle, "bundle record length is malformed") }
            }
            guard length <= SignedCommit.maxBytes else {
                throw CuerdaError(
                    .limitExceeded, "bundle holds a commit of \(length) bytes, over the \(SignedCommit.maxBytes)-byte limit")
            }
            guard try fill(length + 64) else { throw CuerdaError(.badBundle, "bundle body ends inside a commit") }
            let bytes = Array(buffer[offset..<(offset + length)])
            let signature = Array(buffer[(offset + length)..<(offset + length + 64)])
            offset += length + 64
            batch.append(SignedCommit(bytes: bytes, signature: signature))
            count += 1
            guard count <= header.commitCount else {
                throw CuerdaError(.badBundle, "bundle holds more commits than its header says")
            }
            if batch.count >= maxCommits {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        guard inflater.isAtEndOfInput else { throw CuerdaError(.badBundle, "bundle has bytes after the end of its body") }
        guard count == header.commitCount, UInt64(inflater.produced) == header.bodyLength else {
            throw CuerdaError(
                .badBundle,
                "bundle holds \(count) commits in \(inflater.produced) bytes; its header says \(header.commitCount) in \(header.bodyLength)"
            )
        }
        if !batch.isEmpty { try body(batch) }
    }
}

import CuerdaCore
import Foundation
import GRDB

/// What an export wrote.
public struct ExportReport: Sendable, Equatable {
    public var commits: Int
    public var bytes: Int
}

extension Replica {
    /// Calls `body` with the held commits above `since` whose audience is in `audiences`,
    /// in causal (acceptance) order, a chunk at a time, with the evidence of the forks it knows.
    ///
    /// - Complexity: proportional to the delta, not to the log: one indexed range per feed.
    public func forEachCommit(
        since: VersionVector = VersionVector(), audiences: Set<Audience>? = nil, chunk: Int = 500,
        _ body: ([SignedCommit]) throws -> Void
    ) throws(CuerdaError) {
        try read("cannot read the commit log") { db in
            var ords = try Self.deltaOrds(db, since: since, audiences: audiences)
            // A file carries no tips, so it carries the evidence of every fork this replica
            // knows (both branches at the fork): a recipient holding one branch, whose numbers
            // match, learns of the fork from the file as it would from a sync.
            if !since.heads.isEmpty {
                let evidence = try Self.forkEvidenceOrds(
                    db, since: since, tips: FeedTips(), audiences: audiences, local: device.id)
                if !evidence.isEmpty { ords = Array(Set(ords).union(evidence)).sorted() }
            }
            var start = 0
            while start < ords.count {
                let end = min(start + chunk, ords.count)
                try body(try Self.commits(db, at: ords[start..<end], maxBytes: .max).commits)
                start = end
            }
        }
    }

    /// The log positions of the commits above `since` in `audiences`, in causal order.
    static func deltaOrds(_ db: Database, since: VersionVector, audiences: Set<Audience>?) throws -> [Int64] {
        let feeds = try FeedTable(db)
        var ords: [Int64] = []
        let range = try db.cachedStatement(
            sql: "SELECT ord FROM _cuerda_commit WHERE feed = ? AND seq > ? AND ord IS NOT NULL")
        for (feed, no) in feeds.numbers where audiences?.contains(feed.audience) ?? true {
            ords += try Int64.fetchAll(range, arguments: [no, Int64(since[feed])])
        }
        ords.sort()
        return ords
    }

    /// The commits at `ords`, stopping before `maxBytes` would be passed (at least one).
    static func commits(_ db: Database, at ords: ArraySlice<Int64>, maxBytes: Int) throws
        -> (commits: [SignedCommit], bytes: Int)
    {
        let select = try db.cachedStatement(sql: "SELECT bytes, signature FROM _cuerda_commit WHERE ord = ?")
        var commits: [SignedCommit] = []
        commits.reserveCapacity(ords.count)
        var bytes = 0
        for ord in ords {
            guard let row = try Row.fetchOne(select, arguments: [ord]) else { continue }
            let commit = SignedCommit(bytes: Array(row[0] as Data), signature: Array(row[1] as Data))
            let size = commit.bytes.count + commit.signature.count
            if !commits.isEmpty, bytes + size > maxBytes { break }
            commits.append(commit)
            bytes += size
        }
        return (commits, bytes)
    }

    /// Encodes the commits a recipient lacks as a signed bundle.
    ///
    /// - Parameters:
    ///   - since: the recipient's vector (empty: everything).
    ///   - audiences: the audiences the recipient may see (nil: all this replica holds).
    public func bundle(since: VersionVector = VersionVector(), audiences: Set<Audience>? = nil) throws(CuerdaError) -> [UInt8] {
        var writer = BundleWriter()
        try forEachCommit(since: since, audiences: audiences) { commits in
            for commit in commits { writer.append(commit) }
        }
        let schemaJSON = (try? JSONEncoder.sorted.encode(schema)).map(Array.init) ?? []
        let known = Set(schema.tables.map(\.audience)).union([.all])
        let header = BundleHeader(
            workspace: workspace, sender: device.id, audiences: (audiences ?? known).sorted(), base: since,
            created: wallClock(), schema: schemaJSON, charterBytes: charter?.bytes ?? [])
        return writer.finish(header: header, signer: device)
    }

    /// Writes a bundle file (atomically: a temporary file renamed into place).
    @discardableResult
    public func exportBundle(to path: String, since: VersionVector = VersionVector(), audiences: Set<Audience>? = nil)
        throws(CuerdaError) -> ExportReport
    {
        let bytes = try bundle(since: since, audiences: audiences)
        try Self.writeAtomically(bytes, to: path)
        let commits = try BundleReader(bytes: bytes).header.commitCount
        return ExportReport(commits: Int(commits), bytes: bytes.count)
    }

    /// Reads, checks and applies a bundle file, in batches of `batchSize` commits, each
    /// batch one transaction. Importing the same file again changes nothing.
    ///
    /// The file is checked whole (trailer signature, structure, every commit's signature,
    /// workspace and audience) before the first batch is applied. A crash between batches
    /// leaves whole batches applied; importing again completes the rest.
    ///
    /// - Throws: ``CuerdaError`` for an unreadable, altered, truncated or foreign file; the
    ///   file is checked whole before anything is applied.
    @discardableResult
    public func importBundle(at path: String, batchSize: Int = 1000) throws(CuerdaError) -> IngestReport {
        try importBundle(BundleReader(path: path), batchSize: batchSize)
    }

    @discardableResult
    public func importBundle(_ reader: BundleReader, batchSize: Int = 1000) throws(CuerdaError) -> IngestReport {
        guard reader.header.workspace == workspace else {
            throw CuerdaError(.wrongWorkspace, "bundle belongs to workspace \(reader.header.workspace), not \(workspace)")
        }
        // First pass: the whole body is decoded and every commit verified before anything is
        // applied, so a file that breaks anywhere changes nothing. The second pass applies the
        // same in-memory bytes in batches without verifying the signatures again.
        let declared = Set(reader.header.audiences)
        // A governed replica holds only what its device may see: a file carrying another
        // team's private data is refused whole, before anything is applied.
        if charter != nil, let mine = try audiences(visibleTo: device.id),
            let foreign = declared.subtracting(mine).sorted().first
        {
            throw CuerdaError(.badBundle, "the bundle carries \(foreign) data, which this device may not hold")
        }
        try reader.forEachBatch(maxCommits: batchSize) { (batch) throws(CuerdaError) in
            for commit in try unheld(batch).fresh { _ = try admit(commit, Admission(audiences: declared)) }
        }
        var total = IngestReport()
        try reader.forEachBatch(maxCommits: batchSize) { (batch) throws(CuerdaError) in
            total.add(try ingest(batch, admission: Admission(audiences: declared, signaturesChecked: true)))
        }
        if reader.header.commitCount == 0 { total.pending = try pendingCount() }
        return total
    }

    /// Starts a replica of an existing workspace from a bundle (a new device joining).
    ///
    /// The workspace and schema come from the bundle's header; a fresh device key is made.
    public static func create(
        at path: String, fromBundle bundlePath: String, device: DeviceKey = DeviceKey(), options: Options = Options()
    )
        throws(CuerdaError) -> (Replica, IngestReport)
    {
        let reader = try BundleReader(path: bundlePath)
        let schema: Schema
        do { schema = try JSONDecoder().decode(Schema.self, from: Data(reader.header.schema)) } catch {
            throw CuerdaError(.badBundle, "bundle does not carry a readable schema", underlying: "\(error)")
        }
        let charter = try reader.header.charter
        if let charter, charter.workspace != reader.header.workspace {
            throw CuerdaError(.badBundle, "the bundle's charter does not found its workspace \(reader.header.workspace)")
        }
        let device = try DeviceKeyFile.existing(for: path) ?? device
        let keyExisted = FileManager.default.fileExists(atPath: DeviceKeyFile.path(for: path))
        let replica = try create(
            at: path, workspace: reader.header.workspace, device: device, schema: schema, charter: charter, options: options)
        do throws(CuerdaError) {
            let report = try replica.importBundle(reader)
            // A new device learns its own team from the bundle itself: only now can it check
            // that the file holds nothing its team may not (an export meant for another team).
            if charter != nil, let mine = try replica.audiences(visibleTo: device.id),
                let foreign = Set(reader.header.audiences).subtracting(mine).sorted().first
            {
                throw CuerdaError(.badBundle, "the bundle carries \(foreign) data, which this device may not hold")
            }
            return (replica, report)
        } catch {
            // A failed join leaves nothing behind, so that it can simply be retried.
            removeFiles(at: path, keepingKey: keyExisted)
            throw error
        }
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CuerdaError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CuerdaError(.io, "cannot write \(path)", underlying: "\(error)")
        }
    }
}

import CuerdaCore
import Foundation
import GRDB

/// The local changes of one ``Replica/write(_:)`` call.
///
/// Changes are checked against the schema and write rules when the body returns, and become
/// at most one signed commit per audience. A refused change throws and nothing is committed.
public final class WriteTransaction {
    private let merger: Merger
    private let schema: Schema
    private var ops: [RowOp] = []
    /// The op of each row changed so far, by table and row ID (compared by bytes).
    private var opIndex: [ByteString: Int] = [:]

    init(merger: Merger, schema: Schema) {
        self.merger = merger
        self.schema = schema
    }

    /// A new random row ID (lower-case UUID): rows are keyed by client-made text IDs.
    public static func newRowID() -> String { UUID().uuidString.lowercased() }

    /// Creates a row (or re-creates a deleted one) with the given values.
    ///
    /// - Returns: the row's ID.
    /// - Throws: ``CuerdaError`` `.invalidArgument` if the row exists, `.notFound` for an unknown table.
    @discardableResult
    public func insert(_ table: String, id: String = WriteTransaction.newRowID(), _ values: [String: Value] = [:])
        throws(CuerdaError) -> String
    {
        let life = try currentLife(table, id)
        guard !life.isAlive else { throw CuerdaError(.invalidArgument, "row \(table)/\(id) already exists") }
        change(table, id, life: life + 1, values)
        return id
    }

    /// Whether a row exists (is alive), seeing this transaction's own changes.
    public func exists(_ table: String, id: String) throws(CuerdaError) -> Bool {
        try currentLife(table, id).isAlive
    }

    /// Changes cells of an existing row.
    ///
    /// - Throws: ``CuerdaError`` `.notFound` if the row does not exist (or was deleted).
    public func update(_ table: String, id: String, _ values: [String: Value]) throws(CuerdaError) {
        guard try currentLife(table, id).isAlive else { throw CuerdaError(.notFound, "no row \(table)/\(id)") }
        change(table, id, life: nil, values)
    }

    /// Deletes a row. Its values are kept, hidden, and come back if the row is re-created.
    public func delete(_ table: String, id: String) throws(CuerdaError) {
        let life = try currentLife(table, id)
        guard life.isAlive else { throw CuerdaError(.notFound, "no row \(table)/\(id)") }
        change(table, id, life: life + 1, [:])
    }

    private func currentLife(_ table: String, _ id: String) throws(CuerdaError) -> UInt64 {
        guard schema.table(table) != nil else { throw CuerdaError(.notFound, "no table named '\(table)'") }
        guard !id.isEmpty else { throw CuerdaError(.invalidArgument, "a row ID cannot be empty") }
        if let i = opIndex[ByteString(table + "\u{0}" + id)], let life = ops[i].life { return life }
        return try Replica.wrap("cannot read \(table)/\(id)") { try merger.life(table: table, row: id) }
    }

    private func change(_ table: String, _ id: String, life: UInt64?, _ values: [String: Value]) {
        let key = ByteString(table + "\u{0}" + id)
        let index =
            opIndex[key]
            ?? {
                ops.append(RowOp(table: table, row: id))
                opIndex[key] = ops.count - 1
                return ops.count - 1
            }()
        if let life { ops[index].life = life }
        for (column, value) in values.sorted(by: { $0.key < $1.key }) {
            if let c = ops[index].cells.firstIndex(where: { $0.column == column }) {
                ops[index].cells[c].value = value
            } else {
                ops[index].cells.append(CellWrite(column: column, value: value))
            }
        }
    }

    /// Turns the changes into one signed commit per audience, checks and applies them.
    func commit(as device: DeviceKey, workspace: WorkspaceID) throws {
        let byAudience = Dictionary(grouping: ops) { schema.table($0.table)!.audience }
        for audience in byAudience.keys.sorted() {
            let feed = FeedID(device: device.id, audience: audience)
            let no = try merger.feeds.number(for: feed, merger.db)
            var deps = merger.feeds.vector.restricted(to: audience)
            deps[feed] = 0
            let content = CommitContent(
                workspace: workspace, feed: feed, seq: merger.feeds[no].head + 1, hlc: merger.clock.tick(), deps: deps,
                rows: byAudience[audience]!)
            if let reason = merger.validationError(for: content) { throw CuerdaError(.rejectedWrite, reason) }
            let signed = content.signed(by: device)
            guard signed.bytes.count <= SignedCommit.maxBytes else {
                throw CuerdaError(
                    .limitExceeded,
                    "the change makes a commit of \(signed.bytes.count) bytes, over the \(SignedCommit.maxBytes)-byte limit: split it"
                )
            }
            try merger.ingest([(signed, content)])
        }
    }
}

extension Replica {
    /// Makes local changes: everything `body` does becomes at most one commit per audience,
    /// applied atomically.
    ///
    /// ```swift
    /// let id = try replica.write { tx in try tx.insert("needs", ["text": .text("Qualified leads")]) }
    /// ```
    /// - Throws: ``CuerdaError`` if a change is refused (nothing is written), or what `body` throws.
    @discardableResult
    public func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        try write("cannot write to the replica") { db in
            let merger = try Merger(db, replica: self)
            let transaction = WriteTransaction(merger: merger, schema: schema)
            let result = try body(transaction)
            try transaction.commit(as: device, workspace: workspace)
            try merger.finish()
            return result
        }
    }

    /// Verifies and applies commits from elsewhere (a bundle, a peer) in one transaction.
    ///
    /// Signatures are checked before the transaction starts. Commits whose causal past is
    /// incomplete wait in the pending area; commits that fail validation are quarantined.
    /// In a governed workspace, only the audiences this device may hold are accepted (`all`
    /// and its team's, even once revoked): a batch with another team's commit is refused
    /// whole (`.badBundle`).
    /// - Throws: ``CuerdaError`` `.badSignature`, `.wrongWorkspace`, `.malformed` or
    ///   `.limitExceeded` for a commit that cannot be attributed; nothing is applied then.
    @discardableResult
    public func ingest(_ commits: [SignedCommit]) throws(CuerdaError) -> IngestReport {
        try ingest(commits, admission: Admission(audiences: try holdableAudiences()))
    }

    /// What this device may hold in a governed workspace: `all` and its team's audience, as
    /// its membership record says (revoked or not); nil in an open workspace or before the
    /// device's admission is known.
    func holdableAudiences() throws(CuerdaError) -> Set<Audience>? {
        guard let record = try membership()?.devices[device.id] else { return nil }
        return [.all, try Audience.team(record.team)]
    }

    /// Like ``ingest(_:)``, but refuses the whole batch (`.badBundle`) if any commit is for
    /// an audience outside `audiences`: what a peer may send is what this device may hold.
    @discardableResult
    public func ingest(_ commits: [SignedCommit], within audiences: Set<Audience>) throws(CuerdaError) -> IngestReport {
        try ingest(commits, admission: Admission(audiences: audiences))
    }

    /// How commits from a source are checked before they enter.
    struct Admission {
        /// The audiences the source declared; a commit of another one refuses the whole
        /// batch (a file must not carry more than it says). Nil: any.
        var audiences: Set<Audience>?
        /// Set when a first pass over the same immutable bytes already verified the signatures.
        var signaturesChecked = false
    }

    /// Decodes a commit and checks that it can be attributed and belongs here.
    func admit(_ commit: SignedCommit, _ admission: Admission) throws(CuerdaError) -> CommitContent {
        let content = admission.signaturesChecked ? try commit.decode() : try commit.verified()
        if let audiences = admission.audiences, !audiences.contains(content.feed.audience) {
            throw CuerdaError(.badBundle, "the source holds a commit for \(content.feed.audience), which it does not declare")
        }
        guard content.workspace == workspace else {
            throw CuerdaError(
                .wrongWorkspace,
                "commit \(content.feed)#\(content.seq) belongs to workspace \(content.workspace), not \(workspace)")
        }
        return content
    }

    func ingest(_ commits: [SignedCommit], admission: Admission) throws(CuerdaError) -> IngestReport {
        // Commits already held are dropped before the (costly) signature check: a resync
        // that resends what a replica has costs a lookup per commit, not a verification.
        let (fresh, skipped) = try unheld(commits)
        var admitted: [(SignedCommit, CommitContent)] = []
        admitted.reserveCapacity(fresh.count)
        for commit in fresh { admitted.append((commit, try admit(commit, admission))) }
        var report = try write("cannot apply commits") { db in
            let merger = try Merger(db, replica: self)
            try merger.ingest(admitted)
            try merger.finish()
            return merger.report
        }
        report.received += skipped
        report.duplicates += skipped
        return report
    }

    /// The commits the log does not hold yet, and how many it does.
    func unheld(_ commits: [SignedCommit]) throws(CuerdaError) -> (fresh: [SignedCommit], held: Int) {
        let held = try heldCommits(commits.map(\.id))
        guard !held.isEmpty else { return (commits, 0) }
        let fresh = commits.filter { !held.contains($0.id) }
        return (fresh, commits.count - fresh.count)
    }

    /// Which of `ids` the log already holds.
    private func heldCommits(_ ids: [[UInt8]]) throws(CuerdaError) -> Set<[UInt8]> {
        guard !ids.isEmpty else { return [] }
        return try read("cannot read the commit log") { db in
            var held = Set<[UInt8]>()
            let statement = try db.cachedStatement(sql: "SELECT 1 FROM _cuerda_commit WHERE id = ?")
            for id in ids where try Bool.fetchOne(statement, arguments: [Data(id)]) != nil {
                held.insert(id)
            }
            return held
        }
    }

    /// Retries the pending area: commits that were waiting for the clock may now apply.
    @discardableResult
    public func drainPending() throws(CuerdaError) -> IngestReport { try ingest([]) }
}

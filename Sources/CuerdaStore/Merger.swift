import CuerdaCore
import Foundation
import GRDB

/// What one ingest did.
public struct IngestReport: Sendable, Equatable, CustomStringConvertible {
    /// Commits offered.
    public var received = 0
    /// Commits already held (ignored).
    public var duplicates = 0
    /// Commits applied to the tables.
    public var applied = 0
    /// Commits kept in the log but refused (see ``Replica/quarantine()``).
    public var quarantined = 0
    /// Commits waiting for their causal past or for the clock, after this ingest.
    public var pending = 0
    /// Feeds found forked (a device signed two commits with the same sequence number).
    public var forks = 0
    /// Commits of devices the membership does not know, held aside (see ``Replica/heldCount()``).
    public var held = 0

    public init() {}

    /// Adds up the reports of successive batches (`pending` is the latest count).
    public mutating func add(_ other: IngestReport) {
        received += other.received
        duplicates += other.duplicates
        applied += other.applied
        quarantined += other.quarantined
        forks += other.forks
        held += other.held
        pending = other.pending
    }

    public var description: String {
        "received \(received), applied \(applied), quarantined \(quarantined), duplicates \(duplicates), pending \(pending)"
            + (forks > 0 ? ", forks \(forks)" : "") + (held > 0 ? ", held from unknown devices \(held)" : "")
    }
}

/// Applies commits to a replica inside one write transaction: causal delivery, validation,
/// quarantine, fork detection, and the CRDT merge into the materialized tables.
///
/// - Complexity: O(ops + rows touched) database work per batch; rows are read and written
///   once per batch whatever the number of ops that touch them.
final class Merger {
    enum State: Int64 {
        case pending = 0
        case applied = 1
        case quarantined = 2
    }

    private struct Candidate {
        let signed: SignedCommit
        let content: CommitContent
        let id: [UInt8]
        var stored: Bool
    }

    /// A row of a table; the ID is compared by its bytes (see ``ByteString``).
    private struct RowKey: Hashable {
        let table: Int
        let id: ByteString
        var row: String { id.string }

        init(table: Int, row: String) {
            self.table = table
            id = ByteString(row)
        }
    }

    let db: Database
    let schema: Schema
    let rules: any WriteRules
    let workspace: WorkspaceID
    let localDevice: DeviceID
    var feeds: FeedTable
    var clock: HybridClock
    var report = IngestReport()
    private let tableIndex: [String: Int]
    private let columnIndex: [[String: Int]]
    private var rows: [RowKey: RowState] = [:]
    private var upserts: [Int: Statement] = [:]
    private var loads: [Int: Statement] = [:]
    private var candidates: [Int64: [UInt64: [Candidate]]] = [:]
    private var seen: Set<[UInt8]> = []
    private var nextOrd: Int64
    private var pendingLoaded = false
    private var needsRebuild = false
    /// Membership facts of applied commits, in a governed workspace.
    private(set) var ledger: FactLedger?
    /// Membership acts that count, and the revocation cuts among them (see ``FactLedger``).
    private var acts: FactLedger?
    /// During a rebuild, the cuts the previous round of acts found (see ``rebuild()``).
    private var priorCuts: [DeviceID: [RevocationCut]] = [:]
    /// The devices the membership names (any status) and the founder; nil until needed or
    /// after a membership change. Commits of other devices go to the ``StrangerHold``.
    private var knownDevices: Set<DeviceID>?
    /// The fact tables' cells, when the schema declares any.
    private var records: RecordLedger?
    /// Per feed, the dependencies of its last accepted commit: the next must dominate them.
    private var lastDeps: [Int64: VersionVector] = [:]
    /// Per feed, the dependencies of its last commit that passed the timestamp rule: only
    /// entries above them need their timestamps read (the others are below that commit's).
    private var timedDeps: [Int64: VersionVector] = [:]
    /// Per feed, the sequence number and timestamp of its newest accepted commit.
    private var headStamp: [Int64: (seq: UInt64, hlc: UInt64)] = [:]

    init(_ db: Database, replica: Replica) throws {
        self.db = db
        schema = replica.schema
        rules = replica.rules
        workspace = replica.workspace
        localDevice = replica.device.id
        feeds = try FeedTable(db)
        if let charter = replica.charter {
            ledger = try FactLedger(db, charter: charter, feeds: feeds, layer: .applied)
            acts = try FactLedger(db, charter: charter, feeds: feeds, layer: .acts)
        }
        records = try RecordLedger(db, schema: schema, feeds: feeds)
        clock = HybridClock(
            last: Timestamp(rawValue: UInt64(bitPattern: try Meta.int(db, .hlc))), maxDrift: replica.maxDrift,
            wallClock: replica.wallClock)
        nextOrd = (try Int64.fetchOne(db, sql: "SELECT MAX(ord) FROM _cuerda_commit") ?? 0) + 1
        tableIndex = Dictionary(uniqueKeysWithValues: schema.tables.enumerated().map { ($1.name, $0) })
        columnIndex = schema.tables.map { table in
            Dictionary(uniqueKeysWithValues: table.columns.enumerated().map { ($1.name, $0) })
        }
    }

    // MARK: Ingest and causal delivery

    /// Takes verified commits of this workspace, stores them and applies every commit whose
    /// causal past is complete.
    func ingest(_ batch: [(SignedCommit, CommitContent)]) throws {
        // A local write completes no one's causal past that a peer's commit could be waiting
        // for (it only extends this device's own feeds): it leaves the pending area unread.
        // An empty batch is a call to drain it (the clock moved).
        if batch.isEmpty || batch.contains(where: { $0.1.feed.device != localDevice }) { try loadPending() }
        for (signed, content) in batch {
            report.received += 1
            let id = signed.id
            if !isKnown(content.feed.device) {
                if try StrangerHold.hold(signed, signer: content.feed.device, db) {
                    report.held += 1
                } else {
                    report.duplicates += 1
                }
                continue
            }
            guard seen.insert(id).inserted,
                try !Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM _cuerda_commit WHERE id = ?"), arguments: [Data(id)]
                ).isTrue
            else {
                report.duplicates += 1
                continue
            }
            let no = try feeds.number(for: content.feed, db)
            let candidate = Candidate(signed: signed, content: content, id: id, stored: false)
            if content.seq <= feeds[no].head {
                // The feed already holds a different commit at this seq: the device forked.
                try markFork(no, at: content.seq)
                try record(candidate, no, .quarantined, reason: forkReason(no))
            } else {
                if candidates[no]?[content.seq]?.isEmpty == false { try markFork(no, at: content.seq) }
                candidates[no, default: [:]][content.seq, default: []].append(candidate)
            }
        }
        try drain()
        try releaseHeld()
    }

    /// Whether commits of `device` may enter the log: always in an open workspace; in a
    /// governed one, once a membership fact names it.
    private func isKnown(_ device: DeviceID) -> Bool {
        guard let ledger else { return true }
        if knownDevices == nil {
            let membership = ledger.current
            knownDevices = Set(membership.devices.keys).union([membership.charter.founder])
        }
        return knownDevices!.contains(device)
    }

    /// Ingests the held commits of devices that the commits just applied made known.
    private func releaseHeld() throws {
        guard ledger != nil, knownDevices == nil else { return }
        let released = try StrangerHold.release(db, where: isKnown)
        guard !released.isEmpty else { return }
        try ingest(released.map { ($0, try $0.decode()) })
    }

    private func loadPending() throws {
        guard !pendingLoaded else { return }
        pendingLoaded = true
        let rows = try Row.fetchAll(db, sql: "SELECT id, feed, bytes, signature FROM _cuerda_commit WHERE state = 0")
        for row in rows {
            let signed = SignedCommit(bytes: Array(row["bytes"] as Data), signature: Array(row["signature"] as Data))
            let content = try signed.decode()
            let id = Array(row["id"] as Data)
            seen.insert(id)
            candidates[row["feed"], default: [:]][content.seq, default: []].append(
                Candidate(signed: signed, content: content, id: id, stored: true))
        }
    }

    /// Accepts, in causal order, every candidate whose feed predecessor and dependencies are held.
    private func drain() throws {
        var progress = true
        while progress {
            progress = false
            for no in Array(candidates.keys) {
                while let next = candidates[no]?[feeds[no].head + 1], let first = next.first,
                    isForked(no, at: first.content.seq) || isDeliverable(first.content)
                {
                    candidates[no]![feeds[no].head + 1] = nil
                    if next.count > 1 { try markFork(no, at: first.content.seq) }
                    for candidate in next { try accept(candidate, no) }
                    feeds[no].head += 1
                    progress = true
                }
                if candidates[no]?.isEmpty == true { candidates[no] = nil }
            }
        }
        if needsRebuild { try rebuild() }
        if pendingLoaded { try boundPending() }
        report.pending = 0
        for (no, bySeq) in candidates {
            for (seq, waiting) in bySeq {
                report.pending += waiting.count
                for (i, candidate) in waiting.enumerated() where !candidate.stored {
                    try insert(candidate, no, .pending, reason: nil, ord: nil)
                    // A later drain in this transaction (held commits released) must not store it again.
                    candidates[no]![seq]![i].stored = true
                }
            }
        }
    }

    /// Commits kept waiting per feed, and in all: a peer (or a forger) cannot make the pending
    /// area grow without bound. The furthest from delivery go first; nothing in any vector
    /// claims them, so an honest sender sends them again once the gap before them is filled.
    static let maxPendingPerFeed = 10_000
    static let maxPending = 100_000

    /// Drops the waiting commits beyond the bounds, highest sequence numbers first.
    private func boundPending() throws {
        var counts = candidates.mapValues { $0.values.reduce(0) { $0 + $1.count } }
        var total = counts.values.reduce(0, +)
        guard total > Self.maxPending || counts.values.contains(where: { $0 > Self.maxPendingPerFeed }) else { return }
        let drop = try db.cachedStatement(sql: "DELETE FROM _cuerda_commit WHERE id = ? AND state = 0")
        // Feeds with the most waiting first, so a flooded feed pays before the others.
        for no in counts.keys.sorted(by: { counts[$0]! > counts[$1]! || (counts[$0]! == counts[$1]! && $0 < $1) }) {
            for seq in candidates[no]!.keys.sorted(by: >) {
                guard counts[no]! > Self.maxPendingPerFeed || total > Self.maxPending else { break }
                for candidate in candidates[no]![seq]! {
                    if candidate.stored { try drop.execute(arguments: [Data(candidate.id)]) }
                    seen.remove(candidate.id)
                }
                let n = candidates[no]![seq]!.count
                candidates[no]![seq] = nil
                counts[no]! -= n
                total -= n
            }
            if candidates[no]!.isEmpty { candidates[no] = nil }
        }
    }

    /// Whether the feed forked at or before `seq`: its commits from there on are quarantined
    /// whatever their causal past and their timestamp, so they wait for neither, as a replica
    /// holding a branch at or below its head takes the other at once as evidence. Otherwise a
    /// branch waiting for a dependency (or a clock) that never comes would hold the other back,
    /// and the verdicts would depend on which branch arrived first.
    private func isForked(_ no: Int64, at seq: UInt64) -> Bool {
        feeds[no].forkAt.map { seq >= $0 } ?? false
    }

    /// Whether a commit's causal past is held. A dependency on its own feed is left to the
    /// verdict (it would otherwise block the feed forever).
    private func isDeliverable(_ content: CommitContent) -> Bool {
        for (feed, seq) in content.deps.heads where feed != content.feed && content.feed.audience.mayDepend(on: feed.audience) {
            if feeds.head(feed) < seq { return false }
        }
        return isTimely(content)
    }

    /// Whether a commit's timestamp is within the drift bound. Every accepted commit is, but
    /// those of a forked feed, so the clock can move past all of them and an honest write is
    /// always later than everything it depends on. This device's own commits never wait: a
    /// replica cannot refuse its own timestamps.
    private func isTimely(_ content: CommitContent) -> Bool {
        content.feed.device == localDevice || !clock.isTooFarAhead(content.hlc)
    }

    // MARK: Validation

    private func accept(_ candidate: Candidate, _ no: Int64) throws {
        let content = candidate.content
        let structural = structuralRefusal(content, no)
        var actsCount = false
        if structural == nil, let cuts = try recordActs(content, id: candidate.id, no) {
            actsCount = true
            // A revocation that strikes commits already judged: judge everything again (an
            // applied one is refused now, a quarantined one gets the reason every replica gives).
            for cut in cuts where try strikesAccepted(cut) { needsRebuild = true }
        }
        if let reason = structural ?? cutRefusal(content) ?? ruleRefusal(content) {
            try record(candidate, no, .quarantined, reason: reason)
            if actsCount { try keepRevocations(of: content, id: candidate.id, no) }
        } else {
            try record(candidate, no, .applied, reason: nil)
            try apply(content, id: candidate.id, no)
        }
        // A forked feed's commit may be stamped far ahead: it is never applied, and the
        // timestamp rule ignores forked numbers, so the clock need not pass it.
        if isTimely(content) { clock.observe(content.hlc) }
        noteAccepted(content, no)
    }

    /// Remembers what the feed rules compare the feed's next commit with.
    private func noteAccepted(_ content: CommitContent, _ no: Int64) {
        feeds[no].lastHLC = max(feeds[no].lastHLC, content.hlc.rawValue)
        lastDeps[no] = content.deps
        headStamp[no] = (content.seq, content.hlc.rawValue)
    }

    /// Why a commit must not be applied, or nil. A pure function of the commit, of commits in
    /// its causal past, and of the revocations of its writer, so every replica that holds
    /// them reaches the same verdict.
    private func verdict(on content: CommitContent, _ no: Int64) -> String? {
        structuralRefusal(content, no) ?? cutRefusal(content) ?? ruleRefusal(content)
    }

    /// The checks of a commit's place in its feed and its shape: forks, dependencies,
    /// timestamps, the schema. A commit refused here makes no membership act.
    private func structuralRefusal(_ content: CommitContent, _ no: Int64) -> String? {
        if let forkAt = feeds[no].forkAt, content.seq >= forkAt { return forkReason(no) }
        if content.deps[content.feed] > 0 { return "a commit may not list its own feed among its dependencies" }
        // Sorted, so that the reason names the same feed on every replica.
        if let bad = content.deps.sorted.first(where: { !content.feed.audience.mayDepend(on: $0.feed.audience) })?.feed {
            return "a commit for \(content.feed.audience) may not depend on feed \(bad)"
        }
        if content.hlc.rawValue <= feeds[no].lastHLC { return "timestamp \(content.hlc) does not advance its feed" }
        if let refusal = feedRuleRefusal(content, no) { return refusal }
        var rowsSeen = Set<RowKey>(minimumCapacity: content.rows.count)
        for row in content.rows {
            if let violation = schema.violation(in: row, of: content) { return violation }
            guard rowsSeen.insert(RowKey(table: tableIndex[row.table]!, row: row.row)).inserted else {
                return "row \(row.table)/\(row.row) changed twice in one commit"
            }
        }
        return nil
    }

    /// The cut of a revocation of the writer that refuses this commit, if any.
    private func cutRefusal(_ content: CommitContent) -> String? {
        // Sorted by the revocation's feed, so that the reason is the same on every replica.
        acts?.cuts[content.feed.device]?.filter { $0.strikes(content) }.min { ($0.feed, $0.seq) < ($1.feed, $1.seq) }?
            .reason
    }

    /// The application's rules and the workspace's membership rules, judged in the commit's
    /// causal past.
    private func ruleRefusal(_ content: CommitContent) -> String? {
        // One lazy view of the causal past per commit, not per row change: it folds nothing
        // until a rule asks, and every row change of a commit has the same past.
        let past = past(of: content)
        for row in content.rows {
            if let refusal = rules.check(row, table: schema.tables[tableIndex[row.table]!], in: content, past: past) {
                return refusal
            }
        }
        if ledger != nil {
            let membership = ledger!.membership(before: content)
            if let refusal = Governance.verdict(on: content, membership: membership, schema: schema, past: past) {
                return refusal
            }
        }
        return nil
    }

    /// Records the membership acts of a structurally valid commit when they count (valid in
    /// its causal past of acts), whatever its other rows and whatever cuts strike it.
    ///
    /// - Returns: the cuts of the revocations it made; nil when its acts do not count.
    private func recordActs(_ content: CommitContent, id: [UInt8], _ no: Int64) throws -> [RevocationCut]? {
        guard actsCount(content) else { return nil }
        return try acts!.record(content, id: id, feedNo: no, overruled: overruling(content), db)
    }

    /// The highest authority among the cuts that strike `content` (and, during a rebuild,
    /// among those the previous round found): its writer's revocations of lower authority
    /// do not count.
    private func overruling(_ content: CommitContent) -> Authority? {
        let cuts = (acts?.cuts[content.feed.device] ?? []) + (priorCuts[content.feed.device] ?? [])
        return cuts.filter { $0.strikes(content) }.map(\.authority).max()
    }

    /// Whether a commit's membership acts are valid in its causal past of acts.
    private func actsCount(_ content: CommitContent) -> Bool {
        guard acts != nil, content.rows.contains(where: { $0.table == MembersTable.name }) else { return false }
        return Governance.membershipVerdict(on: content, membership: acts!.membership(before: content)) == nil
    }

    /// A refused commit whose acts count still revokes: its revocations join the membership.
    private func keepRevocations(of content: CommitContent, id: [UInt8], _ no: Int64) throws {
        guard ledger != nil else { return }
        try ledger!.record(content, id: id, feedNo: no, revocationsOnly: true, overruled: overruling(content), db)
        knownDevices = nil
    }

    /// Whether a cut refuses a commit already judged (then the tables are rebuilt).
    private func strikesAccepted(_ cut: RevocationCut) throws -> Bool {
        for (audience, limit) in cut.limits {
            guard let no = feeds.numbers[FeedID(device: cut.target, audience: audience)] else { continue }
            // Few rows: the target's commits beyond what its revoker had seen.
            let cursor = try Data.fetchCursor(
                db.cachedStatement(sql: "SELECT bytes FROM _cuerda_commit WHERE feed = ? AND seq > ? AND ord IS NOT NULL"),
                arguments: [no, Int64(limit)])
            while let bytes = try cursor.next() {
                if cut.strikes(try CommitContent(decoding: Array(bytes))) { return true }
            }
        }
        return false
    }

    /// The rules of a feed's history: a device cannot "unsee" (a commit's dependencies
    /// dominate those of the feed's previous commit), and its timestamp is later than every
    /// commit its dependencies name. A revoked device cannot drop its revocation from its
    /// past, nor a fresh feed be stamped before the admission it depends on.
    private func feedRuleRefusal(_ content: CommitContent, _ no: Int64) -> String? {
        if content.seq > 1, let previous = previousDeps(no, before: content.seq),
            !content.deps.dominates(previous.restricted(to: content.feed.audience))
        {
            return "its dependencies drop some of its feed's previous commit's"
        }
        let baseline = timedDeps[no] ?? VersionVector()
        for (feed, seq) in content.deps.sorted where seq > baseline[feed] {
            guard let hlc = stamp(of: feed, seq) else { continue }
            if content.hlc.rawValue <= hlc {
                return "timestamp \(content.hlc) is not later than its dependency \(feed)#\(seq)"
            }
        }
        timedDeps[no] = content.deps
        return nil
    }

    /// The dependencies of the feed's commit at `seq - 1`, from memory or the log.
    private func previousDeps(_ no: Int64, before seq: UInt64) -> VersionVector? {
        if let deps = lastDeps[no], headStamp[no]?.seq == seq - 1 { return deps }
        let bytes = try? Data.fetchOne(
            db.cachedStatement(
                sql: "SELECT bytes FROM _cuerda_commit WHERE feed = ? AND seq = ? AND ord IS NOT NULL ORDER BY id LIMIT 1"),
            arguments: [no, Int64(seq - 1)])
        return bytes.flatMap { try? CommitContent(decoding: Array($0)).deps }
    }

    /// The timestamp of the accepted commit `seq` of `feed`; nil where the feed forked (two
    /// commits share the number, and which ones a replica holds depends on delivery).
    private func stamp(of feed: FeedID, _ seq: UInt64) -> UInt64? {
        guard let no = feeds.numbers[feed], !isForked(no, at: seq) else { return nil }
        if let head = headStamp[no], head.seq == seq { return head.hlc }
        let hlc = try? Int64.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(hlc) FROM _cuerda_commit WHERE feed = ? AND seq = ? AND ord IS NOT NULL"),
            arguments: [no, Int64(seq)])
        return hlc.map { UInt64(bitPattern: $0) }
    }

    /// The fact tables as `content`'s causal past holds them, folded when a rule asks.
    private func past(of content: CommitContent) -> CausalPast {
        CausalPast(schema: schema) { [unowned self] table in self.records?.rows(table, before: content) ?? [:] }
    }

    func validationError(for content: CommitContent) -> String? {
        guard let no = feeds.numbers[content.feed] else { return nil }
        return verdict(on: content, no)
    }

    private func forkReason(_ no: Int64) -> String {
        "fork: device \(feeds[no].id.device.short) signed two different commits at \(feeds[no].id.audience) #\(feeds[no].forkAt ?? 0)"
    }

    /// Records that a feed forked at `seq`: its commits from there on are quarantined on every
    /// replica that holds both branches, including any applied before the fork was seen.
    private func markFork(_ no: Int64, at seq: UInt64) throws {
        guard feeds[no].forkAt.map({ seq < $0 }) ?? true else { return }
        if feeds[no].forkAt == nil { report.forks += 1 }
        feeds[no].forkAt = seq
        // Everything is judged again: the branch's commits are refused now, membership acts
        // on it no longer count (they may have cut), and commits depending on the forked
        // numbers were judged against one branch's timestamp.
        needsRebuild = true
        try db.execute(
            sql: "UPDATE _cuerda_commit SET state = 2, reason = ? WHERE feed = ? AND seq >= ? AND state = 1",
            arguments: [forkReason(no), no, Int64(seq)])
        try db.execute(
            sql: "UPDATE _cuerda_commit SET reason = ? WHERE feed = ? AND seq >= ? AND state = 2",
            arguments: [forkReason(no), no, Int64(seq)])
    }

    private func record(_ candidate: Candidate, _ no: Int64, _ state: State, reason: String?) throws {
        let ord = nextOrd
        nextOrd += 1
        if state == .applied { report.applied += 1 } else { report.quarantined += 1 }
        if candidate.stored {
            try db.execute(
                sql: "UPDATE _cuerda_commit SET state = ?, reason = ?, ord = ? WHERE id = ?",
                arguments: [state.rawValue, reason, ord, Data(candidate.id)])
        } else {
            try insert(candidate, no, state, reason: reason, ord: ord)
        }
    }

    private func insert(_ candidate: Candidate, _ no: Int64, _ state: State, reason: String?, ord: Int64?) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO _cuerda_commit(id, feed, seq, hlc, state, ord, reason, bytes, signature) VALUES (?,?,?,?,?,?,?,?,?)"
        )
        try statement.execute(arguments: [
            Data(candidate.id), no, Int64(candidate.content.seq), Int64(bitPattern: candidate.content.hlc.rawValue),
            state.rawValue, ord, reason, Data(candidate.signed.bytes), Data(candidate.signed.signature),
        ])
    }

    // MARK: Merge

    /// Merges a valid commit's ops into the row states.
    func apply(_ content: CommitContent, id: [UInt8], _ no: Int64) throws {
        if ledger != nil, content.rows.contains(where: { $0.table == MembersTable.name }) {
            try ledger!.record(content, id: id, feedNo: no, db)
            knownDevices = nil
        }
        if records != nil { try records!.record(content, feedNo: no, db) }
        for op in content.rows {
            let t = tableIndex[op.table]!
            let key = RowKey(table: t, row: op.row)
            // One hash lookup for a row already in the batch (most of a large merge), two for a new one.
            if let index = rows.index(forKey: key) {
                merge(op, of: content, from: no, table: t, into: &rows.values[index])
            } else {
                var state = try load(key)
                merge(op, of: content, from: no, table: t, into: &state)
                rows[key] = state
            }
        }
    }

    /// Merges one row change into the row's state, in place.
    private func merge(_ op: RowOp, of content: CommitContent, from no: Int64, table t: Int, into state: inout RowState) {
        let hlc = content.hlc.rawValue
        let columns = schema.tables[t].columns
        if let life = op.life, life > state.life { state.life = life }
        for cell in op.cells {
            let c = columnIndex[t][cell.column]!
            switch columns[c].policy {
            case .lww, .max:
                let current = state.clocks[c]
                let wins =
                    current.feed == 0
                    || columns[c].policy.replaces(
                        cell.value, at: (hlc, content.feed.device), current: state.values[c],
                        at: (current.hlc, feeds[current.feed].id.device))
                if wins {
                    state.values[c] = cell.value
                    state.clocks[c] = RowState.Clock(hlc: hlc, feed: no)
                }
            case .multiValue:
                state.siblings[c].removeAll { content.hasInPast(feeds[$0.feed].id, $0.seq) }
                state.siblings[c].append(RowState.Sibling(feed: no, seq: content.seq, hlc: hlc, value: cell.value))
                state.dirtySiblings.insert(c)
                let winner = state.siblings[c].max { a, b in
                    a.hlc != b.hlc ? a.hlc < b.hlc : feeds[a.feed].id.device < feeds[b.feed].id.device
                }!
                state.values[c] = winner.value
                state.clocks[c] = RowState.Clock(hlc: winner.hlc, feed: winner.feed)
            }
        }
        state.dirty = true
    }

    /// The current causal length of a row, including changes not yet flushed.
    func life(table: String, row: String) throws -> UInt64 {
        guard let t = tableIndex[table] else { return 0 }
        let key = RowKey(table: t, row: row)
        // Kept: a local write reads a row's life and then merges into the same row.
        if rows[key] == nil { rows[key] = try load(key) }
        return rows[key]!.life
    }

    /// A row's merged state as stored (for reads and digests; no pending changes).
    func rowState(table: String, row: String) throws -> RowState {
        guard let t = tableIndex[table] else { throw CuerdaError(.notFound, "no table named '\(table)'") }
        return try load(RowKey(table: t, row: row))
    }

    private func load(_ key: RowKey) throws -> RowState {
        let table = schema.tables[key.table]
        var state = RowState(columns: table.columns.count)
        // One query: the row's metadata joined with its materialized values.
        guard let meta = try Row.fetchOne(loadStatement(key.table), arguments: [table.name, key.row]) else { return state }
        state.life = UInt64(meta[0] as Int64)
        if state.life.isAlive {
            for i in table.columns.indices { state.values[i] = Value(meta[3 + i] as DatabaseValue) }
            state.materialized = true
        } else if let stash = meta[2] as Data? {
            try state.decodeStash(Array(stash))
        }
        try state.decodeClocks(Array(meta[1] as Data))
        if table.columns.contains(where: { $0.policy == .multiValue }) {
            let siblings = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT col, feed, seq, hlc, value FROM _cuerda_sibling WHERE tbl = ? AND id = ?"),
                arguments: [table.name, key.row])
            for s in siblings {
                guard let c = columnIndex[key.table][s["col"] as String] else { continue }
                state.siblings[c].append(
                    RowState.Sibling(
                        feed: s["feed"], seq: UInt64(s["seq"] as Int64), hlc: UInt64(bitPattern: s["hlc"] as Int64),
                        value: try Value(encodedBlob: Array(s["value"] as Data))))
            }
        }
        return state
    }

    /// Writes every changed row back: metadata, materialized row, siblings.
    func flush() throws {
        let upsertMeta = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO _cuerda_row(tbl, id, cl, clocks, stash) VALUES (?, ?, ?, ?, ?)")
        for (key, state) in rows where state.dirty {
            let table = schema.tables[key.table]
            let alive = state.life.isAlive
            try upsertMeta.execute(arguments: [
                table.name, key.row, Int64(state.life), Data(state.encodedClocks()), alive ? nil : Data(state.encodedStash()),
            ])
            if alive {
                var arguments: [DatabaseValue] = [key.row.databaseValue]
                arguments.reserveCapacity(table.columns.count * 2 + 1)
                for (i, column) in table.columns.enumerated() {
                    arguments.append(state.values[i].databaseValue)
                    if column.policy == .multiValue { arguments.append((state.conflicted(i) ? 1 : 0).databaseValue) }
                }
                try upsertStatement(key.table).execute(arguments: StatementArguments(arguments))
            } else if state.materialized {
                try db.cachedStatement(sql: "DELETE FROM \(table.name.quotedDatabaseIdentifier) WHERE id = ?")
                    .execute(arguments: [key.row])
            }
            for c in state.dirtySiblings {
                let column = table.columns[c].name
                try db.cachedStatement(sql: "DELETE FROM _cuerda_sibling WHERE tbl = ? AND id = ? AND col = ?")
                    .execute(arguments: [table.name, key.row, column])
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO _cuerda_sibling(tbl, id, col, feed, seq, hlc, value) VALUES (?,?,?,?,?,?,?)")
                for s in state.siblings[c] {
                    try insert.execute(arguments: [
                        table.name, key.row, column, s.feed, Int64(s.seq), Int64(bitPattern: s.hlc), Data(s.value.encodedBlob),
                    ])
                }
            }
        }
        rows.removeAll(keepingCapacity: true)
        if ledger != nil { try ledger!.materialize(db) }
    }

    /// The prepared read of a row's metadata and materialized values, built once per table.
    private func loadStatement(_ t: Int) throws -> Statement {
        if let statement = loads[t] { return statement }
        let table = schema.tables[t]
        let columns = table.columns.map { ", m." + $0.name.quotedDatabaseIdentifier }.joined()
        let statement = try db.makeStatement(
            sql: """
                SELECT r.cl, r.clocks, r.stash\(columns) FROM _cuerda_row r
                LEFT JOIN \(table.name.quotedDatabaseIdentifier) m ON m.id = r.id
                WHERE r.tbl = ? AND r.id = ?
                """)
        loads[t] = statement
        return statement
    }

    /// The prepared `INSERT OR REPLACE` of a whole materialized row, built once per table.
    private func upsertStatement(_ t: Int) throws -> Statement {
        if let statement = upserts[t] { return statement }
        let table = schema.tables[t]
        var names = ["id"]
        for column in table.columns {
            names.append(column.name.quotedDatabaseIdentifier)
            if column.policy == .multiValue { names.append(column.conflictColumn.quotedDatabaseIdentifier) }
        }
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ",")
        let statement = try db.makeStatement(
            sql:
                "INSERT OR REPLACE INTO \(table.name.quotedDatabaseIdentifier)(\(names.joined(separator: ","))) VALUES (\(placeholders))"
        )
        upserts[t] = statement
        return statement
    }

    /// Recomputes every table from the log after a fork turned applied commits into
    /// quarantined ones: every accepted commit is judged again and applied if valid, in
    /// acceptance order (a causal order).
    ///
    /// Judging again matters: the quarantined branch may have held a fact (an admission, a
    /// seal, a revocation) that later verdicts relied on. A replica that saw the fork before
    /// those commits judged them without it, and every replica must reach the same verdicts.
    private func rebuild() throws {
        needsRebuild = false
        rows.removeAll()
        for table in schema.tables { try db.execute(sql: "DELETE FROM \(table.name.quotedDatabaseIdentifier)") }
        try db.execute(sql: "DELETE FROM _cuerda_row; DELETE FROM _cuerda_sibling")
        if ledger != nil { try ledger!.clear(db) }
        if records != nil { try records!.clear(db) }
        if acts != nil {
            // First the membership acts, so that every revocation's cut is known before any
            // commit is judged: where revocations cut depends on no verdict. A round may count
            // a revocation that a cut of higher authority, found later in the log, overrules:
            // the next round knows that cut from the start. Founders' cuts are right after one
            // round, leads' after two, owners' after three.
            priorCuts = [:]
            for _ in 0..<3 {
                try acts!.clear(db)
                resetFeedRules()
                let cursor = try Row.fetchCursor(
                    db, sql: "SELECT id, feed, bytes FROM _cuerda_commit WHERE ord IS NOT NULL ORDER BY ord")
                while let row = try cursor.next() {
                    let content = try CommitContent(decoding: Array(row["bytes"] as Data))
                    let no: Int64 = row["feed"]
                    if structuralRefusal(content, no) == nil { _ = try recordActs(content, id: Array(row["id"] as Data), no) }
                    noteAccepted(content, no)
                }
                let found = acts!.cuts
                defer { priorCuts = found }
                if found.mapValues(Set.init) == priorCuts.mapValues(Set.init) { break }
            }
        }
        defer { priorCuts = [:] }
        resetFeedRules()
        var changed: [(id: Data, state: State, reason: String?)] = []
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, feed, state, reason, bytes FROM _cuerda_commit WHERE ord IS NOT NULL ORDER BY ord")
        var count = 0
        while let row = try cursor.next() {
            let content = try CommitContent(decoding: Array(row["bytes"] as Data))
            let no: Int64 = row["feed"]
            let structural = structuralRefusal(content, no)
            let reason = structural ?? cutRefusal(content) ?? ruleRefusal(content)
            let id = Array(row["id"] as Data)
            if reason == nil {
                try apply(content, id: id, no)
                count += 1
                if count % 1000 == 0 { try flush() }
            } else if structural == nil, actsCount(content) {
                try keepRevocations(of: content, id: id, no)
            }
            let state: State = reason == nil ? .applied : .quarantined
            if state.rawValue != row["state"] as Int64 || reason != row["reason"] as String? {
                changed.append((row["id"], state, reason))
            }
            noteAccepted(content, no)
        }
        try flush()
        let update = try db.cachedStatement(sql: "UPDATE _cuerda_commit SET state = ?, reason = ? WHERE id = ?")
        for change in changed { try update.execute(arguments: [change.state.rawValue, change.reason, change.id]) }
    }

    /// Forgets what the feed rules compared each feed's next commit with, before a replay.
    private func resetFeedRules() {
        for no in feeds.numbers.values { feeds[no].lastHLC = 0 }
        lastDeps.removeAll()
        timedDeps.removeAll()
        headStamp.removeAll()
    }

    /// Saves the feeds, the clock and all changed rows. Call once at the end of the transaction.
    func finish() throws {
        try flush()
        try feeds.save(db)
        try Meta.set(db, .hlc, Int64(bitPattern: clock.last.rawValue))
    }
}

extension Optional where Wrapped == Bool {
    fileprivate var isTrue: Bool { self ?? false }
}

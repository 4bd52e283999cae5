import CuerdaCore
import Foundation

extension Replica {
    /// Writes a bundle sealed to every active device of `team`: only they can open it.
    ///
    /// The file carries the shared (`all`) commits the team lacks, plus the team's private
    /// commits only when this device belongs to that team, so a sealed file for the other
    /// side never holds this side's private data (its draft grades, for example).
    /// - Returns: the export report and the number of recipient devices.
    /// - Throws: `.invalidArgument` in an open workspace or for a team without active devices.
    @discardableResult
    public func exportSealed(to path: String, team: String, since: VersionVector = VersionVector()) throws(CuerdaError)
        -> (report: ExportReport, recipients: Int)
    {
        guard let membership = try membership() else {
            throw CuerdaError(.invalidArgument, "sealed files need a governed workspace: an open one has no teams")
        }
        let audience = try Audience.team(team)
        let recipients = membership.devices.values.filter { !$0.revoked && $0.team == team }.map(\.device)
        guard !recipients.isEmpty else { throw CuerdaError(.invalidArgument, "team \(team) has no active devices to seal to") }
        var audiences: Set<Audience> = [.all]
        if membership.active(device.id)?.team == team { audiences.insert(audience) }
        let plain = try bundle(since: since, audiences: audiences)
        let sealed = try SealedBundle.seal(
            plain, workspace: workspace, sender: device, team: team, recipients: recipients, created: wallClock())
        try Self.writeAtomically(sealed, to: path)
        let commits = try BundleReader(bytes: plain).header.commitCount
        return (ExportReport(commits: Int(commits), bytes: sealed.count), recipients.count)
    }

    /// Opens a sealed file with this device's key and imports the bundle inside.
    ///
    /// - Throws: `.badBundle` for a file altered, cut short, not addressed to this device, or
    ///   whose sender is not a member; `.wrongWorkspace` for another workspace. Nothing is
    ///   applied then.
    @discardableResult
    public func importSealed(at path: String) throws(CuerdaError) -> IngestReport {
        let file = try Self.readFile(path, limit: SealedBundle.maxFileBytes)
        let (header, _) = try SealedBundle.parse(file)
        guard header.workspace == workspace else {
            throw CuerdaError(.wrongWorkspace, "the sealed file belongs to workspace \(header.workspace), not \(workspace)")
        }
        if let membership = try membership(), membership.devices[header.sender] == nil,
            header.sender != membership.charter.founder
        {
            throw CuerdaError(.badBundle, "the sealed file comes from device \(header.sender.short), not a member")
        }
        let (_, plain) = try SealedBundle.open(file, as: device)
        let reader = try BundleReader(bytes: plain)
        guard reader.header.sender == header.sender, reader.header.workspace == workspace else {
            throw CuerdaError(.badBundle, "the sealed file wraps a bundle of another sender or workspace")
        }
        return try importBundle(reader)
    }

    /// Whether the file at `path` is a sealed bundle (by its first bytes).
    public static func isSealedFile(at path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return SealedBundle.isSealed((try? handle.read(upToCount: 8)) ?? Data())
    }

    static func readFile(_ path: String, limit: Int) throws(CuerdaError) -> [UInt8] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        guard let size else { throw CuerdaError(.io, "cannot read \(path)") }
        guard size <= limit else { throw CuerdaError(.limitExceeded, "\(path) is \(size) bytes, over the \(limit)-byte limit") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CuerdaError(.io, "cannot read \(path)") }
        return Array(data)
    }
}

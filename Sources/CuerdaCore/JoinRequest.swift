import Foundation

/// A new device's request to join a workspace, signed with the device's own key: the proof,
/// carried inside the admission, that the admitted device consents and holds its key.
///
/// It names the team the requester joins, a fresh 16-byte nonce (a request admits once), an
/// expiry, and optionally the workspace (a request bound to one workspace is refused by every
/// other). The file is a small JSON document that travels by mail or chat:
/// `{"cuerda": "join-request", "version": 2, "device", "name", "team", "nonce", "expires",
/// "workspace"?, "signature"}`. In the admission commit it travels as its ``token``.
public struct JoinRequest: Sendable, Hashable {
    /// The only version this release writes and reads.
    public static let version = 2
    /// How long a request stays usable unless told otherwise: 14 days.
    public static let defaultLifetime: UInt64 = 14 * 24 * 3600 * 1000

    public let device: DeviceID
    public let name: String
    public let team: String
    public let nonce: [UInt8]
    /// Milliseconds since 1970 after which an admission may not use the request.
    public let expires: UInt64
    /// The workspace the request is for; nil: whichever workspace admits it first.
    public let workspace: WorkspaceID?
    let signature: [UInt8]

    /// Signs a request for `key`.
    ///
    /// - Throws: `.invalidArgument` for a name or team that cannot be used.
    public init(
        key: DeviceKey, name: String, team: String, workspace: WorkspaceID? = nil,
        expires: UInt64 = HybridClock.system() + JoinRequest.defaultLifetime
    ) throws(CuerdaError) {
        var generator = SystemRandomNumberGenerator()
        try self.init(
            key: key, name: name, team: team, workspace: workspace, expires: expires,
            nonce: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// A request with a chosen nonce (seeded tests).
    public init(
        key: DeviceKey, name: String, team: String, workspace: WorkspaceID?, expires: UInt64, nonce: [UInt8]
    ) throws(CuerdaError) {
        try Self.check(name: name, team: team, nonce: nonce, invalid: .invalidArgument)
        device = key.id
        self.name = name
        self.team = team
        self.nonce = nonce
        self.expires = expires
        self.workspace = workspace
        signature = Array(key.sign(Self.message(key.id, nonce, expires, workspace, team, name)))
    }

    private static let domain = Array("cuerda join request v2\n".utf8)

    /// What the device signs: every field, in one unambiguous layout (the token's, after
    /// the domain string).
    private static func message(
        _ device: DeviceID, _ nonce: [UInt8], _ expires: UInt64, _ workspace: WorkspaceID?, _ team: String, _ name: String
    ) -> [UInt8] {
        var bytes = domain
        bytes += device.bytes + nonce
        bytes += withUnsafeBytes(of: expires.bigEndian, Array.init)
        bytes += workspace?.bytes ?? [UInt8](repeating: 0, count: 16)
        bytes += [UInt8(team.utf8.count)] + Array(team.utf8)
        bytes += Array(name.utf8)
        return bytes
    }

    private static func check(name: String, team: String, nonce: [UInt8], invalid: CuerdaError.Code) throws(CuerdaError) {
        guard (1...100).contains(name.count), !name.contains(where: \.isNewline) else {
            throw CuerdaError(invalid, "a member's name is 1 to 100 characters on one line")
        }
        guard (try? Audience.team(team)) != nil else { throw CuerdaError(invalid, "'\(team)' is not a team name") }
        guard nonce.count == 16 else { throw CuerdaError(invalid, "a join request's nonce is 16 bytes") }
    }

    // MARK: The token (inside the admission commit)

    /// The request as one lower-case hex string: the members row's `request` cell.
    public var token: String {
        let fields = Self.message(device, nonce, expires, workspace, team, name).dropFirst(Self.domain.count)
        return Hex.encode([UInt8(Self.version)] + fields + signature)
    }

    /// Reads a token and checks its signature.
    ///
    /// - Throws: `.malformed` for a token that is not a request, `.badSignature` when the
    ///   signature does not match the device.
    public init(token: String) throws(CuerdaError) {
        guard token.utf8.count <= 2048, let bytes = Hex.decode(token), bytes.count >= 1 + 32 + 16 + 8 + 16 + 1 + 64,
            bytes[0] == Self.version
        else { throw CuerdaError(.malformed, "not a join request token") }
        let teamLength = Int(bytes[73])
        guard bytes.count >= 74 + teamLength + 64 else { throw CuerdaError(.malformed, "a truncated join request token") }
        let workspace = Array(bytes[57..<73])
        try self.init(
            device: try DeviceID(bytes: Array(bytes[1..<33])), nonce: Array(bytes[33..<49]),
            expires: bytes[49..<57].reduce(0) { $0 << 8 | UInt64($1) },
            workspace: workspace.allSatisfy { $0 == 0 } ? nil : try WorkspaceID(bytes: workspace),
            team: String(decoding: bytes[74..<(74 + teamLength)], as: UTF8.self),
            name: String(decoding: bytes[(74 + teamLength)..<(bytes.count - 64)], as: UTF8.self),
            signature: Array(bytes.suffix(64)))
    }

    /// The nonce of a token an admission already carried, read without checking it again: the
    /// verdict on the admission checked it, and a fold reads every admission's nonce.
    static func nonce(ofToken token: String) -> [UInt8]? {
        let hex = token.utf8
        guard hex.count >= 98 else { return nil }
        return Hex.decode(String(token.dropFirst(66).prefix(32)))
    }

    /// Checks the fields and the signature of a request read from a file or a token.
    private init(
        device: DeviceID, nonce: [UInt8], expires: UInt64, workspace: WorkspaceID?, team: String, name: String,
        signature: [UInt8]
    ) throws(CuerdaError) {
        try Self.check(name: name, team: team, nonce: nonce, invalid: .malformed)
        self.device = device
        self.nonce = nonce
        self.expires = expires
        self.workspace = workspace
        self.team = team
        self.name = name
        self.signature = signature
        // A name or team that does not survive UTF-8 decoding would sign other bytes.
        guard signature.count == 64,
            device.verify(signature: signature, over: Self.message(device, nonce, expires, workspace, team, name))
        else {
            throw CuerdaError(.badSignature, "the join request's signature does not match device \(device.short)")
        }
    }

    // MARK: The file

    /// The file's bytes.
    public var encoded: Data {
        var object: [String: Any] = [
            "cuerda": "join-request", "version": Self.version, "device": device.hex, "name": name, "team": team,
            "nonce": Hex.encode(nonce), "expires": expires, "signature": Hex.encode(signature),
        ]
        if let workspace { object["workspace"] = workspace.hex }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }

    /// Reads and checks a request file's bytes.
    ///
    /// - Throws: `.malformed` for a file that is not a join request of this version,
    ///   `.badSignature` when the signature does not match the device (the file was altered).
    public init(decoding data: Data) throws(CuerdaError) {
        guard data.count <= 64 << 10,
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            object["cuerda"] as? String == "join-request"
        else { throw CuerdaError(.malformed, "not a Cuerda join request") }
        guard let version = object["version"] as? Int, version == Self.version else {
            throw CuerdaError(
                .malformed,
                "this join request was made by \((object["version"] as? Int).map { $0 < Self.version ? "an older" : "a newer" } ?? "another") release of Cuerda: run `cuerda join` again with this one"
            )
        }
        guard let deviceHex = object["device"] as? String, let name = object["name"] as? String,
            let team = object["team"] as? String, let nonce = (object["nonce"] as? String).flatMap(Hex.decode),
            let expires = (object["expires"] as? NSNumber)?.uint64Value,
            let signature = (object["signature"] as? String).flatMap(Hex.decode)
        else { throw CuerdaError(.malformed, "the join request lacks its device, name, team, nonce, expiry or signature") }
        let workspace: WorkspaceID? =
            switch object["workspace"] {
            case nil: nil
            case let hex as String: try WorkspaceID(hex: hex)
            default: throw CuerdaError(.malformed, "the join request's workspace is not a workspace ID")
            }
        try self.init(
            device: try DeviceID(hex: deviceHex), nonce: nonce, expires: expires, workspace: workspace, team: team, name: name,
            signature: signature)
    }

    /// Why an admission written at `time` into `workspace` may not use this request, or nil.
    public func refusal(in workspace: WorkspaceID, at time: Timestamp) -> String? {
        if let bound = self.workspace, bound != workspace {
            return "the join request of \(device.short) is for workspace \(bound), not this one"
        }
        if time.milliseconds > expires { return "the join request of \(device.short) has expired" }
        return nil
    }
}

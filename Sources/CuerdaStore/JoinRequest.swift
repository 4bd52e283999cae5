import CuerdaCore
import Foundation

/// A new device's request to join a workspace: its device ID and a name, signed with the
/// device key, so that whoever admits it knows the requester holds that key.
///
/// The file is a small JSON document that can travel by mail or chat:
/// `{"cuerda": "join-request", "version": 1, "device": HEX, "name": TEXT, "signature": HEX}`.
public struct JoinRequest: Sendable, Hashable {
    public let device: DeviceID
    public let name: String
    let signature: [UInt8]

    /// Signs a request for `key`.
    public init(key: DeviceKey, name: String) {
        device = key.id
        self.name = name
        signature = Array(key.sign(Self.message(device, name)))
    }

    private static func message(_ device: DeviceID, _ name: String) -> [UInt8] {
        Array("cuerda join request v1\n".utf8) + device.bytes + Array(name.utf8)
    }

    /// The file's bytes.
    public var encoded: Data {
        let object: [String: Any] = [
            "cuerda": "join-request", "version": 1, "device": device.hex, "name": name, "signature": Hex.encode(signature),
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }

    /// Reads and checks a request file's bytes.
    ///
    /// - Throws: `.malformed` for a file that is not a join request, `.badSignature` when the
    ///   signature does not match the device (the file was altered).
    public init(decoding data: Data) throws(CuerdaError) {
        guard data.count <= 64 << 10,
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            object["cuerda"] as? String == "join-request"
        else { throw CuerdaError(.malformed, "not a Cuerda join request") }
        guard object["version"] as? Int == 1 else { throw CuerdaError(.malformed, "unknown join request version") }
        guard let deviceHex = object["device"] as? String, let name = object["name"] as? String,
            let signatureHex = object["signature"] as? String, let signature = Hex.decode(signatureHex)
        else { throw CuerdaError(.malformed, "the join request lacks its device, name or signature") }
        guard (1...100).contains(name.count), !name.contains(where: \.isNewline) else {
            throw CuerdaError(.malformed, "a member's name is 1 to 100 characters on one line")
        }
        device = try DeviceID(hex: deviceHex)
        self.name = name
        self.signature = signature
        guard device.verify(signature: signature, over: Self.message(device, name)) else {
            throw CuerdaError(.badSignature, "the join request's signature does not match device \(device.short)")
        }
    }
}

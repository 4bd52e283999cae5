import CuerdaCore
import Foundation

/// The device's private key lives beside the replica, in `<replica>.key`, readable by its
/// owner only — never inside the SQLite file, which people open with other tools, copy and
/// share as a spreadsheet.
enum DeviceKeyFile {
    static func path(for replica: String) -> String { replica + ".key" }

    static func write(_ key: DeviceKey, for replica: String) throws(CuerdaError) {
        let path = path(for: replica)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CuerdaError(.storage, "a key file already exists at \(path)")
        }
        let text = "cuerda-device-key-v1 " + Hex.encode(key.rawRepresentation) + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CuerdaError(.io, "cannot write the device key to \(path)") }
    }

    /// Writes `key` for a new replica, or accepts the key file already there (made by
    /// `join` before the replica existed) if it holds the same key. Returns whether it existed.
    static func adopt(_ key: DeviceKey, for replica: String) throws(CuerdaError) -> Bool {
        guard FileManager.default.fileExists(atPath: path(for: replica)) else {
            try write(key, for: replica)
            return false
        }
        guard try read(for: replica).id == key.id else {
            throw CuerdaError(.storage, "a key file of another device already exists at \(path(for: replica))")
        }
        return true
    }

    /// The key in the file beside `replica`, if there is one.
    static func existing(for replica: String) throws(CuerdaError) -> DeviceKey? {
        FileManager.default.fileExists(atPath: path(for: replica)) ? try read(for: replica) : nil
    }

    static func read(for replica: String) throws(CuerdaError) -> DeviceKey {
        let path = path(for: replica)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CuerdaError(.storage, "the device key \(path) is missing: this replica cannot sign (restore the key file)")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let prefix = "cuerda-device-key-v1 "
        guard text.hasPrefix(prefix), let raw = Hex.decode(String(text.dropFirst(prefix.count))), raw.count == 32 else {
            throw CuerdaError(.storage, "\(path) is not a Cuerda device key file")
        }
        return try DeviceKey(rawRepresentation: raw)
    }
}

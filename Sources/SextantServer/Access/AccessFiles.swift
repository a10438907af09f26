import Foundation
import SextantCore

/// Where the keys that must not be in the database are kept: the first admin key, for the CLI on
/// the same machine, and the key that seals the audit trail.
public enum AccessFiles {
    /// `<data-dir>/admin.key`: written when `serve` or `sextant admin bootstrap` creates an
    /// admin key; the CLI reads it when it is given no other key.
    public static func adminKeyPath(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("admin.key")
    }

    /// The audit key's file: `--audit-key-file`, or `<data-dir>/audit.key`.
    static func auditKeyPath(_ configuration: ServerConfiguration) -> String {
        configuration.auditKeyFile ?? (configuration.dataDirectory as NSString).appendingPathComponent("audit.key")
    }

    /// The audit key (32 bytes, written as hex): read from its file, which is created with a new
    /// random key when it does not exist.
    static func auditKey(_ configuration: ServerConfiguration) throws -> [UInt8] {
        let path = auditKeyPath(configuration)
        if let line = try PrivateFile.firstLine(of: path) {
            guard let key = Hex.decode(line.trimmingCharacters(in: .whitespaces)), key.count >= 16 else {
                throw ConfigurationError("\(path) does not hold an audit key (at least 32 hexadecimal digits)")
            }
            return key
        }
        var random = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        try PrivateFile.write(Hex.encode(key) + "\n", to: path)
        return key
    }

    /// Writes `key` to `<data-dir>/admin.key` (0600).
    static func writeAdminKey(_ key: APIKeyText, dataDirectory: String) throws {
        try PrivateFile.write(key.text + "\n", to: adminKeyPath(dataDirectory: dataDirectory))
    }
}

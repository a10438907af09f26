#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The file holding Vault's token: readable by its owner only, like the master key's.
enum VaultTokenFile {
    static func read(_ path: String, source: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { throw ConfigurationError("\(source): the Vault token file \(path) does not exist") }
        guard status.st_mode & 0o077 == 0 else {
            throw ConfigurationError("\(source): the Vault token file \(path) may be read by others; only its owner may (chmod 600 \(path))")
        }
        guard let line = try PrivateFile.firstLine(of: path)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
            throw ConfigurationError("\(source): the Vault token file \(path) is empty")
        }
        return line
    }
}

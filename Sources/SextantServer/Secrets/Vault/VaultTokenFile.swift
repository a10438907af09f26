import Foundation

/// The file holding Vault's token: readable by its owner only, like the master key's.
enum VaultTokenFile {
    static func read(_ path: String, source: String) throws -> String {
        guard let line = try PrivateFile.ownerOnlyFirstLine(of: path, holding: "\(source): the Vault token file") else {
            throw ConfigurationError("\(source): the Vault token file \(path) does not exist")
        }
        let token = line.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw ConfigurationError("\(source): the Vault token file \(path) is empty") }
        return token
    }
}

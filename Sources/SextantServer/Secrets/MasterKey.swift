import Crypto
import Foundation
import Logging
import SextantCore
import SextantStorage

/// Where the master key comes from: `--master-key-file` (which must be readable by its owner
/// only), `SEXTANT_MASTER_KEY`, or `<data-dir>/master.key`. On the very first start — no key
/// anywhere and no keyring in the database — a new one is written to `<data-dir>/master.key`
/// (0600). Without a key once a keyring exists, secrets stay sealed; everything else works.
enum MasterKey {
    static let environmentVariable = "SEXTANT_MASTER_KEY"

    static func defaultPath(_ configuration: ServerConfiguration) -> String {
        (configuration.dataDirectory as NSString).appendingPathComponent("master.key")
    }

    /// The master key the configuration names, read before anything else starts: throws on a
    /// key file that must not be used (readable by others, not a key, missing when named);
    /// `nil` when none is configured and `<data-dir>/master.key` does not exist.
    static func configured(_ configuration: ServerConfiguration, variables: [String: String]) throws -> SymmetricKey? {
        if let path = configuration.masterKeyFile {
            guard let key = try read(path) else { throw ConfigurationError("the master key file \(path) does not exist") }
            return key
        }
        if let text = variables[environmentVariable] { return try parse(text, source: environmentVariable) }
        return try read(defaultPath(configuration))
    }

    /// The key-encryption of secrets with `key`, or, without one, a new key on the very first
    /// start (no keyring in the database yet), or sealed.
    static func keys(_ key: SymmetricKey?, _ configuration: ServerConfiguration, store: any SecretStore, keyringExists: () async throws -> Bool,
                     createKeyring: (String) async throws -> Bool, logger: Logger) async throws -> SecretSeal {
        if let key { return .open(BuiltinKeyring(store: store, masterKey: key)) }
        let sealed = SecretSeal.sealed("no master key: give --master-key-file or \(environmentVariable) the key the keyring was sealed with")
        if try await keyringExists() { return sealed }
        let path = defaultPath(configuration)
        let created = SymmetricKey(size: .bits256)
        let keyring = BuiltinKeyring(store: store, masterKey: created)
        // The keyring is stored with the key, so that another replica starting without one is
        // sealed (and says so) instead of making a key of its own.
        try PrivateFile.write(created.withUnsafeBytes { Hex.encode(Array($0)) } + "\n", to: path)
        guard try await createKeyring(try keyring.firstKeyring()) else {
            try? FileManager.default.removeItem(atPath: path)
            return sealed
        }
        logger.warning("""
            created a new master key at \(path): it seals every secret's keys. Back it up apart from the database, and give every \
            replica the same one (--master-key-file or \(environmentVariable)); without it no secret can ever be read again
            """)
        return .open(keyring)
    }

    /// The key in `path`; `nil` when there is no such file. Refused unless only its owner may read it.
    static func read(_ path: String) throws -> SymmetricKey? {
        try PrivateFile.ownerOnlyFirstLine(of: path, holding: "the master key file").map { try parse($0, source: path) }
    }

    static func parse(_ text: String, source: String) throws -> SymmetricKey {
        guard let bytes = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw ConfigurationError("\(source) does not hold a master key (64 hexadecimal digits, 256 bits)")
        }
        return SymmetricKey(data: bytes)
    }
}

/// Whether secrets can be served.
enum SecretSeal: Sendable {
    case open(any KeyEncryption)
    case sealed(String)
}

extension SecretSeal {
    /// The seal `serve` starts with: Vault's transit key when one is configured (sealed, saying
    /// why, when Vault cannot be reached or refuses), the built-in keyring otherwise.
    static func resolve(_ environment: AppEnvironment, masterKey: SymmetricKey?, logger: Logger) async -> SecretSeal {
        let configuration = environment.configuration
        if let key = configuration.vaultTransitKey, let client = environment.vaultClient {
            let transit = VaultTransit(client: client, mount: configuration.vaultTransitMount, key: key)
            do {
                try await transit.ensureKey()
                _ = try await transit.status()
            } catch {
                logger.error("secrets are sealed: Vault's transit key cannot be used", metadata: ["error": "\(error)"])
                return .sealed("Vault's transit key \(key) cannot be used: \(error)")
            }
            return .open(transit)
        }
        let seal: SecretSeal
        do {
            seal = try await MasterKey.keys(masterKey, configuration, store: environment.secretStore,
                                            keyringExists: { try await SQLSecretStore.keyringExists(in: environment.engine) },
                                            createKeyring: { try await SQLSecretStore.createKeyring($0, in: environment.engine) }, logger: logger)
        } catch {
            seal = .sealed("the keyring cannot be read: \(error)")
        }
        if case .sealed(let reason) = seal { logger.warning("secrets are sealed", metadata: ["reason": .string(reason)]) }
        return seal
    }
}

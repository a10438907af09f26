import Foundation
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The certificate chain and key HTTPS serves, read from their PEM files and read again on
/// SIGHUP: each new handshake takes the current pair (through NIOSSL's per-handshake context
/// callback), connections under way keep theirs. A pair that cannot be read leaves the last
/// good one in place.
final class ServingCertificate: Sendable {
    let certificatePath: String
    let keyPath: String
    private let current: Mutex<NIOSSLContextConfigurationOverride>

    init(certificatePath: String, keyPath: String) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.current = Mutex(try Self.read(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// Reads both files again; throws (keeping the pair in use) when they cannot be used.
    func reload() throws {
        let pair = try Self.read(certificatePath: certificatePath, keyPath: keyPath)
        current.withLock { $0 = pair }
    }

    /// The TLS configuration of the listener: the pair, and TLS 1.3 (or `minimum`) at least.
    func serverConfiguration(minimum: TLSVersion) -> TLSConfiguration {
        let pair = current.withLock { $0 }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: pair.certificateChain ?? [], privateKey: pair.privateKey!)
        configuration.minimumTLSVersion = minimum
        configuration.sslContextCallback = { [self] _, promise in
            promise.succeed(current.withLock { $0 })
        }
        return configuration
    }

    private static func read(certificatePath: String, keyPath: String) throws -> NIOSSLContextConfigurationOverride {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw ConfigurationError("cannot read the TLS certificate \(certificatePath): \(error)")
        }
        guard !chain.isEmpty else { throw ConfigurationError("\(certificatePath) holds no PEM certificate") }
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            // The key's bytes never appear in the error.
            throw ConfigurationError("cannot read the TLS private key \(keyPath)")
        }
        var pair = NIOSSLContextConfigurationOverride()
        pair.certificateChain = chain.map { .certificate($0) }
        pair.privateKey = .privateKey(key)
        return pair
    }
}

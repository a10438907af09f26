import Foundation
import Hummingbird
import SextantAPI
import SextantCore

/// `/api/v1/keyring`: the key-encryption keys' versions and what each wraps; rotate (new writes
/// use the new version), rewrap every data key under the newest version without decrypting a
/// value, and retire old versions with a minimum decryption version.
struct KeyringController {
    let vault: SecretVault

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.manageKeyring), answers: KeyringView.self, use: show)
        group.put(needs: .needs(.manageKeyring), accepts: KeyringRequest.self, answers: KeyringView.self, use: retire)
        group.post("rotate", needs: .needs(.manageKeyring), answers: KeyringView.self, use: rotate)
        group.post("rewrap", needs: .needs(.manageKeyring), answers: KeyringView.self, use: rewrap)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(try await view())
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await vault.keys().rotate()
        return try JSONResponse.make(try await view())
    }

    @Sendable func rewrap(_ request: Request, context: AppRequestContext) async throws -> Response {
        let count = try await vault.rewrapAll()
        var view = try await view()
        view.rewrapped = count
        return try JSONResponse.make(view)
    }

    /// Retires every key version below the asked minimum; refused while data keys are still
    /// wrapped by one of them, unless `force`.
    @Sendable func retire(_ request: Request, context: AppRequestContext) async throws -> Response {
        let asked = try await context.decode(StrictDocument<KeyringRequest>.self, from: request).value
        let keys = try vault.keys()
        let status = try await keys.status()
        guard (1...status.latestVersion).contains(asked.minimumDecryptionVersion) else {
            throw APIError.badRequest("the minimum decryption version is 1 to \(status.latestVersion), the newest", field: "minimumDecryptionVersion")
        }
        let stranded = try await vault.store.wrapCounts().filter { $0.key < asked.minimumDecryptionVersion }.values.reduce(0, +)
        if stranded > 0, asked.force != true {
            throw APIError(.conflict, code: "still_wrapped", message: "\(stranded) data keys are still wrapped by versions below "
                           + "\(asked.minimumDecryptionVersion): rewrap first (POST /api/v1/keyring/rewrap), or force (they could not be read again)",
                           field: "minimumDecryptionVersion")
        }
        try await keys.retire(below: asked.minimumDecryptionVersion)
        return try JSONResponse.make(try await view())
    }

    private func view() async throws -> KeyringView {
        let wrapped = Dictionary(uniqueKeysWithValues: try await vault.store.wrapCounts().map { (String($0.key), $0.value) })
        switch vault.seal {
        case .sealed(let reason):
            return KeyringView(source: "builtin", sealed: true, reason: reason, latestVersion: nil, minimumDecryptionVersion: nil, versions: [],
                               wrapped: wrapped)
        case .open(let keys):
            let status = try await keys.status()
            return KeyringView(source: keys.source, sealed: false, reason: nil, latestVersion: status.latestVersion,
                               minimumDecryptionVersion: status.minimumDecryptionVersion, versions: status.versions, wrapped: wrapped)
        }
    }
}

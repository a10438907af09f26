import Foundation

/// Whether a request may go on, decided from its credential and the key it names, with no I/O.
public enum AccessDecision: Sendable, Equatable {
    /// The key is valid and its role allows what the route needs.
    case allowed(APIKeyRecord)
    /// No key, or one that is malformed, unknown, wrong, expired or revoked: one answer for
    /// all (401), so that it gives no hint which.
    case unauthenticated
    /// A valid key whose role lacks `missing` (403, naming it).
    case forbidden(key: APIKeyRecord, missing: Permission)

    /// The key an `Authorization` header presents: `Bearer <key>`, or `Basic` with the key as
    /// the password (any user name). `nil` for anything else, read no further than a key's length.
    public static func presentedKey(authorization header: String?) -> APIKeyText? {
        guard let header, header.utf8.count <= 16 + 4 * APIKeyText.length else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        switch parts[0].lowercased() {
        case "bearer":
            return APIKeyText.parse(parts[1].trimmingCharacters(in: .whitespaces))
        case "basic":
            guard let decoded = Data(base64Encoded: String(parts[1].trimmingCharacters(in: .whitespaces))),
                  let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
            return APIKeyText.parse(text[text.index(after: colon)...])
        default:
            return nil
        }
    }

    /// The decision for a request presenting `presented` (see ``presentedKey(authorization:)``)
    /// to a route that needs `permission`, given the stored record of the key it names (`nil`
    /// when there is none) at `now`.
    public static func decide(presented: APIKeyText?, record: APIKeyRecord?, needs permission: Permission, at now: Date) -> AccessDecision {
        decide(presented: presented, record: record, access: .needs(permission), at: now)
    }

    /// The decision for a request presenting `presented` to a route of `access`. An open route
    /// is allowed only with a valid key here: whoever serves open routes does not ask.
    public static func decide(presented: APIKeyText?, record: APIKeyRecord?, access: RouteAccess, at now: Date) -> AccessDecision {
        guard let presented, let record, record.id == presented.id,
              ConstantTime.equal(presented.secretHash, record.secretHash), record.isUsable(at: now) else {
            return .unauthenticated
        }
        guard case .needs(let permission) = access, !record.role.allows(permission) else { return .allowed(record) }
        return .forbidden(key: record, missing: permission)
    }
}

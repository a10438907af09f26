/// Where a configuration value's secret lives: `{"secretRef": "db/password"}` (a secret of the
/// same environment in Sextant) or `{"vaultRef": "secret/data/payments#api_key"}` (a field of a
/// Vault KV v2 secret). A reference is an object with exactly that one member.
public enum SecretReference: Sendable, Equatable {
    case secret(path: String)
    case vault(path: String, field: String)

    /// The reference `value` is, if it is one (a malformed one throws, naming the member).
    public static func read(_ value: JSONValue, at pointer: String = "") throws -> SecretReference? {
        guard case .object(let members) = value, members.count == 1, let (name, target) = members.first,
              name == "secretRef" || name == "vaultRef" else { return nil }
        guard case .string(let text) = target else {
            throw ValidationError(code: "invalid_reference", message: "\(name) is a string", field: pointer + "/" + name)
        }
        if name == "secretRef" {
            try ConfigNames.checkSecretPath(text, field: pointer + "/secretRef")
            return .secret(path: text)
        }
        let parts = text.split(separator: "#", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, text.utf8.count <= 1_024,
              parts[0].split(separator: "/", omittingEmptySubsequences: false).count >= 3, !parts[0].hasPrefix("/"), !parts[0].contains("..") else {
            throw ValidationError(code: "invalid_reference", message: "a vaultRef is MOUNT/data/PATH#FIELD, such as secret/data/payments#api_key",
                                  field: pointer + "/vaultRef")
        }
        return .vault(path: String(parts[0]), field: String(parts[1]))
    }

    /// Every reference inside `value`, with its JSON pointer.
    public static func all(in value: JSONValue, at pointer: String = "") throws -> [(pointer: String, reference: SecretReference)] {
        if let reference = try read(value, at: pointer) { return [(pointer, reference)] }
        switch value {
        case .object(let members):
            return try members.keys.sorted().flatMap { try all(in: members[$0]!, at: pointer + "/" + JSONPointer.escape($0)) }
        case .array(let items):
            return try items.enumerated().flatMap { try all(in: $1, at: pointer + "/\($0)") }
        default:
            return []
        }
    }
}

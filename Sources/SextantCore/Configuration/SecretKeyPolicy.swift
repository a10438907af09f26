/// Which configuration names say they hold a secret, and the rule that follows: under such a
/// name (the key itself, or a member name anywhere inside its value) a string or a number must
/// be a secret reference, never a plain value. Names are split into words at `.`, `_`, `-` and
/// case changes (`apiKey` → api, key), so `payments.api_key` says secret and `cache.keyspace`
/// does not. Booleans and null are no secret and pass.
public struct SecretKeyPolicy: Sendable, Equatable {
    public static let defaultWords: Set<String> = ["password", "passwd", "passphrase", "secret", "token", "key", "apikey", "credential",
                                                   "credentials", "private"]

    public var words: Set<String>

    public init(words: Set<String> = defaultWords) {
        self.words = Set(words.map { $0.lowercased() })
    }

    /// Whether `name` has a word of the policy.
    public func saysSecret(_ name: String) -> Bool {
        Self.words(of: name).contains { words.contains($0) }
    }

    /// The first plain value held under a secret-saying name: its JSON pointer (empty for the
    /// value itself) and the name; `nil` when every such value is a reference.
    public func firstPlainSecret(key: String, value: JSONValue) throws -> (pointer: String, name: String)? {
        try plain(value, at: "", name: key, secret: saysSecret(key))
    }

    private func plain(_ value: JSONValue, at pointer: String, name: String, secret: Bool) throws -> (pointer: String, name: String)? {
        if try SecretReference.read(value, at: pointer) != nil { return nil }
        switch value {
        case .string, .number:
            return secret ? (pointer, name) : nil
        case .bool, .null:
            return nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = try plain(item, at: pointer + "/\(index)", name: name, secret: secret) { return found }
            }
            return nil
        case .object(let members):
            for member in members.keys.sorted() {
                if let found = try plain(members[member]!, at: pointer + "/" + JSONPointer.escape(member), name: member,
                                         secret: secret || saysSecret(member)) { return found }
            }
            return nil
        }
    }

    /// `db.adminPassword_v2` → db, admin, password, v2.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if !character.isLetter && !character.isNumber {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previous = nil
                continue
            }
            if let previous, character.isUppercase {
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    words.append(current.lowercased())
                    current = ""
                }
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }
}

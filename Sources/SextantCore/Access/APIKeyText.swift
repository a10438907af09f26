/// The text of an API key: `sxk_<id>_<secret>_<checksum>`.
///
/// - `sxk_` lets secret scanners recognise a key;
/// - `id` (12 base62 characters) names the key in the store and in logs;
/// - `secret` (32 base62 characters, about 190 random bits) is what only the holder knows; the
///   store keeps its SHA-256 alone;
/// - `checksum` (6 base62 characters) is the CRC-32 of everything before it, so that a typo or a
///   string that is not a key is refused without a store lookup.
public struct APIKeyText: Sendable, Equatable {
    public static let prefix = "sxk_"
    public static let idLength = 12
    public static let secretLength = 32
    static let checksumLength = 6
    /// The longest text that can be a key; anything longer is refused before it is read.
    public static let length = prefix.count + idLength + 1 + secretLength + 1 + checksumLength

    public let id: String
    public let secret: String

    /// The key as the holder writes it.
    public var text: String {
        let body = "\(Self.prefix)\(id)_\(secret)"
        return "\(body)_\(Self.checksum(of: body))"
    }

    /// SHA-256 of the secret: the only form of it the store keeps.
    public var secretHash: [UInt8] { SHA256.digest(Array(secret.utf8)) }

    /// A new key from `random`.
    public static func generate(using random: inout some RandomNumberGenerator) -> APIKeyText {
        func characters(_ count: Int) -> String {
            String((0..<count).map { _ in Base62.digits[Int(random.next(upperBound: UInt64(Base62.digits.count)))] })
        }
        return APIKeyText(id: characters(idLength), secret: characters(secretLength))
    }

    /// The key `text` holds, or `nil` when it is not one: wrong prefix, length or alphabet, or a
    /// checksum that does not match.
    public static func parse(_ text: some StringProtocol) -> APIKeyText? {
        guard text.utf8.count == length, text.hasPrefix(prefix) else { return nil }
        let parts = text.dropFirst(prefix.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == idLength, parts[1].count == secretLength, parts[2].count == checksumLength,
              parts.allSatisfy({ $0.allSatisfy(Base62.contains) }) else { return nil }
        let key = APIKeyText(id: String(parts[0]), secret: String(parts[1]))
        guard String(parts[2]) == checksum(of: "\(prefix)\(key.id)_\(key.secret)") else { return nil }
        return key
    }

    private init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    static func checksum(of body: String) -> String {
        Base62.encode(UInt64(CRC32.checksum(body.utf8)), width: checksumLength)
    }
}

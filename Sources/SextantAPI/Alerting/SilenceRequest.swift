import Foundation
import SextantCore

/// A silence as it is posted: matchers as Alertmanager's objects or as `name=value` text;
/// `startsAt` defaults to now.
public struct SilenceRequest: Codable, Sendable {
    /// The silence to replace, if any.
    public var id: String?
    public var matchers: [LabelMatcher]
    public var startsAt: Date?
    public var endsAt: Date?
    public var createdBy: String?
    public var comment: String?

    private enum CodingKeys: String, CodingKey { case id, matchers, startsAt, endsAt, createdBy, comment }

    public init(
        id: String? = nil, matchers: [LabelMatcher], startsAt: Date? = nil, endsAt: Date?, createdBy: String?,
        comment: String?
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// Sends times as RFC 3339 text, as the server reads them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(matchers, forKey: .matchers)
        try container.encodeIfPresent(startsAt.map(GoTime.format), forKey: .startsAt)
        try container.encodeIfPresent(endsAt.map(GoTime.format), forKey: .endsAt)
        try container.encodeIfPresent(createdBy, forKey: .createdBy)
        try container.encodeIfPresent(comment, forKey: .comment)
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["id", "matchers", "startsAt", "endsAt", "createdBy", "comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        if let texts = try? container.decode([String].self, forKey: .matchers) {
            do {
                matchers = try texts.flatMap { try LabelMatcher.parseList($0) }
            } catch let error as ValidationError {
                throw ValidationError(code: error.code, message: error.message, field: "matchers")
            }
        } else {
            matchers = try container.decodeIfPresent([LabelMatcher].self, forKey: .matchers) ?? []
        }
        startsAt = try Self.date(container, .startsAt)
        endsAt = try Self.date(container, .endsAt)
        createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
    }

    private static func date(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = GoTime.parse(text) else {
            throw ValidationError(code: "invalid_time", message: "\(Quoted.prefix(text)) is not an RFC 3339 time", field: key.stringValue)
        }
        return date
    }
}

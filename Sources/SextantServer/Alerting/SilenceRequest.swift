import Foundation
import SextantCore
import SextantStorage

/// A silence as it is posted: matchers as Alertmanager's objects or as `name=value` text;
/// `startsAt` defaults to now.
struct SilenceRequest: Decodable {
    var id: String?
    var matchers: [LabelMatcher]
    var startsAt: Date?
    var endsAt: Date?
    var createdBy: String?
    var comment: String?

    private enum CodingKeys: String, CodingKey { case id, matchers, startsAt, endsAt, createdBy, comment }

    init(from decoder: any Decoder) throws {
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

import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A page of `GET /api/v1/alerts`.
struct AlertListResponse: Encodable {
    var alerts: [AlertResponse]
    /// The `cursor` of the next page; `null` on the last.
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case alerts, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alerts, forKey: .alerts)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

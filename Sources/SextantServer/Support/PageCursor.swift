import Foundation
import SextantCore

/// The opaque `cursor` of a paged listing: the key of the last item of a page, tagged and
/// base64url encoded. A cursor that does not decode is a 400, never silently the first page.
enum PageCursor {
    private static let tag = "p1:"

    static func encode(_ key: String) -> String {
        Data((tag + key).utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key a `cursor` query parameter carries; `nil` without one.
    static func decode(_ query: QueryParameters, name: String = "cursor") throws -> String? {
        try decode(query, name: name) { $0 }
    }

    /// The key a `cursor` query parameter carries, read by `reading` (`nil` when the key is not
    /// one the listing writes); `nil` without a cursor.
    static func decode<Key>(_ query: QueryParameters, name: String = "cursor", reading: (String) -> Key?) throws -> Key? {
        guard let text = query.string(name) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard text.utf8.count <= 1_024, let data = Data(base64Encoded: base64), let tagged = String(data: data, encoding: .utf8),
              tagged.hasPrefix(tag), case let text = String(tagged.dropFirst(tag.count)), !text.isEmpty, let key = reading(text) else {
            throw APIError.badRequest("\(name) \(Quoted.prefix(query.string(name) ?? "")) is not a cursor this listing gave out", field: name,
                                      code: "invalid_cursor")
        }
        return key
    }
}

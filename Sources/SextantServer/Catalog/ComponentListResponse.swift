import Foundation
import SextantAPI
import SextantCore
import SextantStorage

/// A page of components.
struct ComponentListResponse: Encodable {
    let items: [ComponentResponse]
    let nextCursor: String?
    let total: Int

    init(_ page: ComponentPage) {
        self.items = page.items.map(ComponentResponse.init)
        self.nextCursor = page.nextCursor.map(PageCursor.encode)
        self.total = page.total
    }

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, total
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(total, forKey: .total)
    }
}

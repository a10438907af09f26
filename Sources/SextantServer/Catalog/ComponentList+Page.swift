import SextantAPI
import SextantStorage

extension ComponentList {
    init(_ page: ComponentPage) {
        self.init(
            items: page.items.map(ComponentView.init), nextCursor: page.nextCursor.map(PageCursor.encode),
            total: page.total
        )
    }
}

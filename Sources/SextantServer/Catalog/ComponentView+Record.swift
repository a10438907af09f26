import SextantAPI
import SextantStorage

extension ComponentView {
    init(_ record: ComponentRecord) {
        self.init(component: record.component, createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}

import SextantAPI
import SextantCore
import SextantStorage

extension Stamped<Component> {
    init(_ record: ComponentRecord) {
        self.init(record.component, createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}

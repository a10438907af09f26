import SextantAPI
import SextantCore
import SextantStorage

extension Stamped<ServiceLevelObjective> {
    init(_ stored: StoredSLO) {
        self.init(stored.slo, id: stored.slo.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt)
    }
}

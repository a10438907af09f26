import SextantAPI
import SextantStorage

extension SLOView {
    init(_ stored: StoredSLO) {
        self.init(slo: stored.slo, createdAt: stored.createdAt, updatedAt: stored.updatedAt)
    }
}

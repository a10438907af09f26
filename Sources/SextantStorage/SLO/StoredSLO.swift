import Foundation
import SextantCore

/// An objective as stored, with when it was created and last changed.
public struct StoredSLO: Sendable, Equatable {
    public var slo: ServiceLevelObjective
    public var createdAt: Date
    public var updatedAt: Date
}

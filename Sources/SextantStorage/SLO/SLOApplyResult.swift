import Foundation
import SextantCore

/// What a bulk apply did.
public struct SLOApplyResult: Sendable, Equatable {
    public var created: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []

    public init() {}
}

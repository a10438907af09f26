import Foundation
import SextantCore

/// A service seen in rollups, and when.
public struct ObservedService: Sendable, Equatable {
    public var name: String
    public var firstSeen: Date
    public var lastSeen: Date
}

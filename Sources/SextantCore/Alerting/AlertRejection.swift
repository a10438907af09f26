import Foundation

/// Why Alertmanager refuses a posted alert, in its words.
public struct AlertRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

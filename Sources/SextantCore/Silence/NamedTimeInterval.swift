import Foundation

/// A named list of intervals (`time_intervals:` in Alertmanager's configuration); active when
/// any of its intervals contains the instant.
public struct NamedTimeInterval: Sendable, Equatable {
    public var name: String
    public var intervals: [RecurringInterval]

    public func isActive(at date: Date) -> Bool {
        intervals.contains { $0.contains(date) }
    }
}

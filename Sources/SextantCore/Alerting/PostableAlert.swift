import Foundation

/// An alert as a client posts it to Alertmanager's `POST /api/v2/alerts`: times are optional.
public struct PostableAlert: Sendable, Equatable {
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date?
    public var endsAt: Date?
    public var generatorURL: String

    public init(labels: [String: String], annotations: [String: String] = [:], startsAt: Date? = nil, endsAt: Date? = nil,
                generatorURL: String = "") {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// The alert as Alertmanager stores it when it receives this one at `now`: a missing start
    /// is the end (or now), a missing end is `now + resolveTimeout` and marked as a time-out,
    /// labels with empty values are dropped. Throws Alertmanager's validation message.
    public func accepted(at now: Date, resolveTimeout: TimeInterval) throws(AlertRejection) -> Alert {
        let labels = self.labels.values.contains("") ? self.labels.filter { !$0.value.isEmpty } : self.labels
        let startsAt = self.startsAt ?? endsAt ?? now
        let endsAt = self.endsAt ?? now.addingTimeInterval(resolveTimeout)
        if self.endsAt != nil && endsAt < startsAt { throw AlertRejection("start time must be before end time") }
        if let invalid = Self.firstInvalidName(in: labels.keys) { throw AlertRejection("invalid label set: invalid name \(invalid.goQuoted)") }
        if labels.isEmpty { throw AlertRejection("at least one label pair required") }
        if let invalid = Self.firstInvalidName(in: annotations.keys) { throw AlertRejection("invalid annotations: invalid name \(invalid.goQuoted)") }
        return Alert(labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt, updatedAt: now,
                     generatorURL: generatorURL, endsAtIsTimeout: self.endsAt == nil)
    }
}

extension PostableAlert {
    /// The first name, in Alertmanager's order, that is not a valid label name.
    private static func firstInvalidName(in names: some Collection<String>) -> String? {
        guard names.contains(where: { !LabelSet.isValidName($0) }) else { return nil }
        return names.sorted(by: String.byteOrder).first { !LabelSet.isValidName($0) }
    }
}

/// Why Alertmanager refuses a posted alert, in its words.
public struct AlertRejection: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Array where Element == PostableAlert {
    /// The alerts accepted at `now` and the messages of those refused, as Alertmanager takes a
    /// batch: every valid alert is kept even when others are refused.
    public func accepted(at now: Date, resolveTimeout: TimeInterval) -> (alerts: [Alert], rejections: [String]) {
        var alerts: [Alert] = [], rejections: [String] = []
        for posted in self {
            do { alerts.append(try posted.accepted(at: now, resolveTimeout: resolveTimeout)) } catch { rejections.append(error.description) }
        }
        return (alerts, rejections)
    }
}

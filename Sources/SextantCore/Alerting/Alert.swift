import Foundation

/// An alert as the router sees it, in Alertmanager's model: firing until `endsAt`, resolved
/// from then on.
public struct Alert: Sendable, Equatable, Codable {
    public var labels: LabelSet
    public var annotations: [String: String]
    public var startsAt: Date
    public var endsAt: Date
    /// When this alert was last received or changed.
    public var updatedAt: Date
    public var generatorURL: String
    /// Whether `endsAt` was filled in by the receiver of the alert rather than its sender (a
    /// time-out resolution rather than an explicit one).
    public var endsAtIsTimeout: Bool

    public init(labels: LabelSet, annotations: [String: String] = [:], startsAt: Date, endsAt: Date, updatedAt: Date,
                generatorURL: String = "", endsAtIsTimeout: Bool = false) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.generatorURL = generatorURL
        self.endsAtIsTimeout = endsAtIsTimeout
    }

    public var fingerprint: UInt64 { labels.fingerprint }
    public var name: String { labels["alertname"] ?? "" }

    /// Whether the alert is resolved at `now`.
    public func isResolved(at now: Date) -> Bool {
        endsAt <= now
    }

    /// This alert combined with a newer copy of it, as Alertmanager merges repeated alerts:
    /// the newer one wins, keeping the earliest start and a later explicit end.
    public func merged(with other: Alert) -> Alert {
        if other.updatedAt < updatedAt { return other.merged(with: self) }
        var result = other
        if startsAt < other.startsAt { result.startsAt = startsAt }
        if other.isResolved(at: other.updatedAt) {
            if isResolved(at: other.updatedAt) && endsAt > other.endsAt { result.endsAt = endsAt }
        } else if endsAt > other.endsAt && !endsAtIsTimeout {
            result.endsAt = endsAt
            result.endsAtIsTimeout = false
        }
        return result
    }

    /// Whether a newly received copy overlaps this one in time, so that the two are one alert.
    public func overlaps(_ newer: Alert) -> Bool {
        (newer.endsAt > startsAt && newer.endsAt < endsAt) || (newer.startsAt >= startsAt && newer.startsAt <= endsAt)
    }
}

/// Alertmanager's ordering of alerts in a notification: by the group's labels... then by the
/// full label set, then by start.
extension Array where Element == Alert {
    /// Sorted as Alertmanager sorts the alerts of a notification: by `alertname`'s absence,
    /// then by the whole label set in text form.
    public var sortedForNotification: [Alert] {
        sorted { left, right in
            let leftText = left.labels.prometheusText, rightText = right.labels.prometheusText
            if leftText != rightText { return String.byteOrder(leftText, rightText) }
            return left.startsAt < right.startsAt
        }
    }
}

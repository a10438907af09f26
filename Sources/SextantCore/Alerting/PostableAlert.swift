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
        if let invalid = Self.firstInvalidName(in: labels.keys) { throw AlertRejection("invalid label set: invalid name \(Self.shown(invalid))") }
        if labels.isEmpty { throw AlertRejection("at least one label pair required") }
        if let invalid = Self.firstInvalidName(in: annotations.keys) { throw AlertRejection("invalid annotations: invalid name \(Self.shown(invalid))") }
        try Self.checkSizes(labels: labels, annotations: annotations, generatorURL: generatorURL)
        return Alert(labels: labels, annotations: annotations, startsAt: startsAt, endsAt: endsAt, updatedAt: now,
                     generatorURL: generatorURL, endsAtIsTimeout: self.endsAt == nil)
    }
}

extension PostableAlert {
    /// Refuses labels, annotations and URLs beyond ``Limits``.
    private static func checkSizes(labels: [String: String], annotations: [String: String], generatorURL: String) throws(AlertRejection) {
        if labels.count > Limits.labelsPerSet { throw AlertRejection("invalid label set: more than \(Limits.labelsPerSet) labels") }
        if annotations.count > Limits.annotationsPerSet { throw AlertRejection("invalid annotations: more than \(Limits.annotationsPerSet) annotations") }
        for (name, value) in labels where !name.fits(Limits.labelNameBytes) || !value.fits(Limits.labelValueBytes) {
            throw AlertRejection("invalid label set: label \(shown(name)) is longer than \(Limits.labelNameBytes) bytes or its value than \(Limits.labelValueBytes)")
        }
        for (name, value) in annotations where !name.fits(Limits.labelNameBytes) || !value.fits(Limits.annotationValueBytes) {
            throw AlertRejection("invalid annotations: annotation \(shown(name)) is longer than \(Limits.labelNameBytes) bytes or its value than \(Limits.annotationValueBytes)")
        }
        if !generatorURL.fits(Limits.urlBytes) { throw AlertRejection("generatorURL is longer than \(Limits.urlBytes) bytes") }
    }

    /// A name as a rejection quotes it: Go-quoted, cut short when long.
    static func shown(_ name: String) -> String {
        name.count > Quoted.maximumCharacters ? (String(name.prefix(Quoted.maximumCharacters)) + "…").goQuoted : name.goQuoted
    }

    /// The first name, in Alertmanager's order, that is not a valid label name.
    private static func firstInvalidName(in names: some Collection<String>) -> String? {
        guard names.contains(where: { !LabelSet.isValidName($0) }) else { return nil }
        return names.sorted(by: String.byteOrder).first { !LabelSet.isValidName($0) }
    }
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

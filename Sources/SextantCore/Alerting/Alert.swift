import Foundation

/// An alert as the router sees it, in Alertmanager's model: firing until `endsAt`, resolved
/// from then on.
public struct Alert: Sendable, Equatable, Codable {
    public var labels: LabelSet {
        didSet { fingerprint = labels.fingerprint }
    }
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
        self.fingerprint = labels.fingerprint
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.generatorURL = generatorURL
        self.endsAtIsTimeout = endsAtIsTimeout
    }

    /// The label set's fingerprint, worked out once.
    public private(set) var fingerprint: UInt64

    private enum CodingKeys: String, CodingKey {
        case labels, annotations, startsAt, endsAt, updatedAt, generatorURL, endsAtIsTimeout
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(labels: try container.decode(LabelSet.self, forKey: .labels),
                  annotations: try container.decode([String: String].self, forKey: .annotations),
                  startsAt: try container.decode(Date.self, forKey: .startsAt), endsAt: try container.decode(Date.self, forKey: .endsAt),
                  updatedAt: try container.decode(Date.self, forKey: .updatedAt),
                  generatorURL: try container.decodeIfPresent(String.self, forKey: .generatorURL) ?? "",
                  endsAtIsTimeout: try container.decodeIfPresent(Bool.self, forKey: .endsAtIsTimeout) ?? false)
    }

    /// The alert as stored: JSON with times in milliseconds since 1970, written directly, the
    /// maps' keys in no particular order.
    public var storedJSON: [UInt8] {
        var json = GoJSONWriter(capacity: 512)
        json.beginObject()
        json.key("annotations")
        json.map(annotations, sortingKeys: false)
        json.key("endsAt")
        json.double(endsAt.timeIntervalSince1970 * 1000)
        json.key("endsAtIsTimeout")
        json.bool(endsAtIsTimeout)
        json.key("generatorURL")
        json.string(generatorURL)
        json.key("labels")
        json.map(labels, sortingKeys: false)
        json.key("startsAt")
        json.double(startsAt.timeIntervalSince1970 * 1000)
        json.key("updatedAt")
        json.double(updatedAt.timeIntervalSince1970 * 1000)
        json.endObject()
        return json.bytes
    }

    /// An alert read back from ``storedJSON``; `nil` when the text is not in that shape (the
    /// `Codable` form reads it then).
    public init?(storedJSON bytes: [UInt8]) {
        var labels: LabelSet?, annotations: [String: String] = [:], generatorURL = "", endsAtIsTimeout = false
        var startsAt: Double?, endsAt: Double?, updatedAt: Double?
        let read = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = JSONScanner(bytes: buffer)
            return scanner.members(into: { key, scanner in
                switch key {
                case "labels": labels = scanner.stringMap()
                case "annotations": annotations = scanner.stringMap() ?? [:]
                case "generatorURL": generatorURL = scanner.string() ?? ""
                case "endsAtIsTimeout": endsAtIsTimeout = scanner.bool() ?? false
                case "startsAt": startsAt = scanner.double()
                case "endsAt": endsAt = scanner.double()
                case "updatedAt": updatedAt = scanner.double()
                default: return false
                }
                return true
            }) && scanner.isAtEnd
        }
        guard read, let labels, let startsAt, let endsAt, let updatedAt else { return nil }
        self.init(labels: labels, annotations: annotations, startsAt: Date(timeIntervalSince1970: startsAt / 1000),
                  endsAt: Date(timeIntervalSince1970: endsAt / 1000), updatedAt: Date(timeIntervalSince1970: updatedAt / 1000),
                  generatorURL: generatorURL, endsAtIsTimeout: endsAtIsTimeout)
    }

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
        // Each label set's text is built once, not once per comparison.
        let keyed: [(text: [UInt8], alert: Alert)] = map { ([UInt8]($0.labels.prometheusText.utf8), $0) }
        return keyed.sorted { (left: (text: [UInt8], alert: Alert), right: (text: [UInt8], alert: Alert)) -> Bool in
            if left.text != right.text { return left.text.lexicographicallyPrecedes(right.text) }
            return left.alert.startsAt < right.alert.startsAt
        }.map(\.alert)
    }
}

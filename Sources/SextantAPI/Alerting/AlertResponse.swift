import Foundation
import SextantCore

/// An alert as the API shows it.
public struct AlertResponse: Codable, Sendable {
    public struct Status: Codable, Sendable {
        public var state: String
        public var silencedBy: [String]
        public var inhibitedBy: [String]

        public init(state: String, silencedBy: [String], inhibitedBy: [String]) {
            self.state = state
            self.silencedBy = silencedBy
            self.inhibitedBy = inhibitedBy
        }
    }

    public var fingerprint: String
    public var labels: LabelSet
    public var annotations: [String: String]
    public var startsAt: Date
    public var endsAt: Date?
    public var updatedAt: Date
    public var generatorURL: String
    public var status: Status
    public var receivers: [String]
    /// Releases of the alert's service and of what it needs, under way or finished lately.
    public var changes: [RelatedChange]?

    public init(
        fingerprint: String, labels: LabelSet, annotations: [String: String], startsAt: Date, endsAt: Date?,
        updatedAt: Date, generatorURL: String, status: Status, receivers: [String]
    ) {
        self.fingerprint = fingerprint
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.generatorURL = generatorURL
        self.status = status
        self.receivers = receivers
    }
}

import Foundation

/// What a PagerDuty event carries besides the alerts.
public struct PagerDutyEvent: Sendable, Equatable {
    public var routingKey: String
    public var description: String
    public var severity: String
    public var client: String
    public var clientURL: String
    public var eventClass: String?
    public var component: String?
    public var group: String?
    public var details: [String: String]

    public init(routingKey: String, description: String = PagerDutyEvent.defaultDescription, severity: String = "error", client: String = "Sextant",
                clientURL: String = "", eventClass: String? = nil, component: String? = nil, group: String? = nil, details: [String: String] = [:]) {
        self.routingKey = routingKey
        self.description = description
        self.severity = severity
        self.client = client
        self.clientURL = clientURL
        self.eventClass = eventClass
        self.component = component
        self.group = group
        self.details = details
    }

    public static let defaultDescription = "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}"
}

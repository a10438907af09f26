import Foundation

/// Inhibition from the dependency graph: a firing root-cause alert for a component (a
/// `ServiceDown`, or any alert labelled `root_cause="true"`) explains the alerts of every
/// service that needs that component critically and without fallback, directly or through a
/// chain. Those alerts are not notified on their own; the root cause's notification names
/// them instead.
public struct GraphInhibition: Sendable {
    /// What explains an alert.
    public struct Explanation: Sendable, Equatable {
        /// The fingerprint of the root-cause alert.
        public var source: UInt64
        /// The component that is down.
        public var rootCause: String
        /// The root-cause alert's name.
        public var rootCauseAlert: String
        /// From the alert's service to the root cause: `["frontend", "api-service", "postgres"]`.
        public var chain: [String]
    }

    /// The annotation a root cause's notification carries: the services it explains.
    public static let explainsAnnotation = "explains"
    /// The annotations an explained alert is shown with.
    public static let rootCauseAnnotation = "root_cause"
    public static let chainAnnotation = "root_cause_chain"

    /// Whether `labels` are those of a root-cause alert.
    public static func isRootCause(_ labels: LabelSet) -> Bool {
        labels["alertname"] == "ServiceDown" || labels["root_cause"] == "true"
    }

    /// The component an alert is about: its `service` label, else its `component` label.
    public static func component(of labels: LabelSet) -> String? {
        labels["service"] ?? labels["component"]
    }

    /// For each down service, the nearest firing root cause that explains it.
    private var explanations: [String: Explanation] = [:]
    /// For each root-cause alert, the services it explains, sorted.
    private var explained: [UInt64: [String]] = [:]

    public init() {}

    /// Works out which services the root-cause alerts firing at `now` explain, on `graph`. A
    /// root cause that is itself explained by another (api-service down because postgres is)
    /// explains nothing on its own: everything chains to the first cause. Two components down
    /// because of each other (a cycle) explain neither, so each still pages.
    public init(alerts: some Sequence<Alert>, graph: DependencyGraph, at now: Date) {
        let sources = alerts.filter { !$0.isResolved(at: now) && Self.isRootCause($0.labels) && Self.component(of: $0.labels) != nil }
            .sorted { $0.labels.fingerprint < $1.labels.fingerprint }
        var impacts: [String: ImpactReport] = [:]
        for source in sources {
            let component = Self.component(of: source.labels)!
            if impacts[component] == nil { impacts[component] = graph.impact(ofFailing: [component]) }
        }
        func isDown(_ service: String, because cause: String) -> Bool {
            impacts[cause]?.down.contains { $0.name == service } == true
        }
        let firstCauses = Set(impacts.keys.filter { component in
            !impacts.keys.contains { other in other != component && isDown(component, because: other) && !isDown(other, because: component) }
        })
        for source in sources {
            let component = Self.component(of: source.labels)!
            guard firstCauses.contains(component), let impact = impacts[component] else { continue }
            let down = impact.down.filter { affected in
                !isDown(component, because: affected.name)
            }
            // Nodes only seen in traces without a service of their own (the `user` of root spans) are left out.
            explained[source.fingerprint] = down.filter { graph.node(named: $0.name)?.isRegistered ?? false || impacts[$0.name] != nil }
                .map(\.name).sorted()
            for affected in down {
                if let known = explanations[affected.name], known.chain.count <= affected.chain.count { continue }
                explanations[affected.name] = Explanation(source: source.fingerprint, rootCause: component, rootCauseAlert: source.name,
                                                          chain: affected.chain)
            }
        }
    }

    /// What explains an alert with `labels`, if a root cause upstream does.
    public func explanation(of labels: LabelSet) -> Explanation? {
        Self.component(of: labels).flatMap { explanations[$0] }
    }

    /// The services a root-cause alert explains (empty for any other alert).
    public func services(explainedBy alert: Alert) -> [String] {
        explained[alert.fingerprint] ?? []
    }

    /// The alert as notified or shown: a root cause names the services it explains, an
    /// explained alert its root cause and the chain to it.
    public func annotated(_ alert: Alert) -> Alert {
        var alert = alert
        let services = services(explainedBy: alert)
        if !services.isEmpty { alert.annotations[Self.explainsAnnotation] = services.joined(separator: ", ") }
        if let explanation = explanation(of: alert.labels) {
            alert.annotations[Self.rootCauseAnnotation] = "\(explanation.rootCause) (\(explanation.rootCauseAlert))"
            alert.annotations[Self.chainAnnotation] = explanation.chain.joined(separator: " → ")
        }
        return alert
    }
}

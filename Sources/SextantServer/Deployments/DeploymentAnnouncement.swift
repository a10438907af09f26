import Foundation
import SextantCore

/// A deployment's phase change as an alert, so that the alerting configuration routes it to
/// its receivers like any other: `alertname="DeploymentPhase"` with the service, the
/// deployment, its version and the new phase as labels, and the reason and weight as
/// annotations. The previous phase's alert is resolved in the same post; the new one fires for
/// ``lifetime`` seconds (a receiver with `send_resolved` hears of its end too).
enum DeploymentAnnouncement {
    static let alertName = "DeploymentPhase"
    static let lifetime: TimeInterval = 300

    static func alerts(for state: DeploymentState, previousPhase: String, at now: Date, externalURL: String) -> [Alert] {
        func labels(_ phase: String) -> LabelSet {
            ["alertname": alertName, "service": state.record.service, "deployment": state.record.id, "version": state.record.version,
             "phase": phase, "severity": state.record.status.phase == "aborted" ? "warning" : "info"]
        }
        var annotations = [
            "summary": "\(state.record.service) \(state.record.version): \(state.record.status.phase)",
            "weight": "\(state.record.status.weight)",
        ]
        if let reason = state.record.status.reason { annotations["reason"] = reason }
        let link = "\(externalURL)/api/v1/deployments/\(state.record.id)"
        var previous = labels(previousPhase)
        previous["severity"] = previousPhase == "aborted" ? "warning" : "info"
        return [
            Alert(labels: previous, startsAt: now, endsAt: now, updatedAt: now, generatorURL: link),
            Alert(labels: labels(state.record.status.phase), annotations: annotations, startsAt: now, endsAt: now.addingTimeInterval(lifetime),
                  updatedAt: now, generatorURL: link),
        ]
    }
}

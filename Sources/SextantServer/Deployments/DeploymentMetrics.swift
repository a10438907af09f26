import Foundation
import SextantCore
import Synchronization

/// `sextant_deployment_*`: each active deployment's phase and weight as the runner last saw
/// them, and counts of phase changes and measurements since the server started.
final class DeploymentMetrics: Sendable {
    private struct Figures {
        var active: [String: (service: String, phase: String, weight: Int)] = [:]
        var phaseChanges: [String: Int] = [:]
        var measurements: [String: Int] = [:]
    }

    private let figures = Mutex(Figures())

    func saw(_ state: DeploymentState) {
        figures.withLock { figures in
            if state.record.status.active {
                figures.active[state.record.id] = (state.record.service, state.record.status.phase, state.record.status.weight)
            } else {
                figures.active[state.record.id] = nil
            }
        }
    }

    func phaseChanged(service: String, to phase: String) {
        figures.withLock { $0.phaseChanges["service=\(service.prometheusQuoted),phase=\(phase.prometheusQuoted)", default: 0] += 1 }
    }

    func measured(service: String, metric: String, phase: MeasurementPhase) {
        figures.withLock {
            $0.measurements["service=\(service.prometheusQuoted),metric=\(metric.prometheusQuoted),phase=\(phase.rawValue.prometheusQuoted)", default: 0] += 1
        }
    }

    var exposition: String {
        figures.withLock { figures in
            var text = ""
            if !figures.active.isEmpty {
                text += "# HELP sextant_deployment_phase Active deployments by phase (1 for the phase each is in).\n# TYPE sextant_deployment_phase gauge\n"
                for (id, figure) in figures.active.sorted(by: { $0.key < $1.key }) {
                    text += "sextant_deployment_phase{deployment=\(id.prometheusQuoted),service=\(figure.service.prometheusQuoted),phase=\(figure.phase.prometheusQuoted)} 1\n"
                }
                text += "# HELP sextant_deployment_weight Percent of the traffic on the new version, as last verified.\n# TYPE sextant_deployment_weight gauge\n"
                for (id, figure) in figures.active.sorted(by: { $0.key < $1.key }) {
                    text += "sextant_deployment_weight{deployment=\(id.prometheusQuoted),service=\(figure.service.prometheusQuoted)} \(figure.weight)\n"
                }
            }
            if !figures.phaseChanges.isEmpty {
                text += "# HELP sextant_deployment_phase_changes_total Deployment phase changes since the server started.\n# TYPE sextant_deployment_phase_changes_total counter\n"
                for (labels, count) in figures.phaseChanges.sorted(by: { $0.key < $1.key }) { text += "sextant_deployment_phase_changes_total{\(labels)} \(count)\n" }
            }
            if !figures.measurements.isEmpty {
                text += "# HELP sextant_deployment_analysis_measurements_total Analysis measurements by outcome since the server started.\n# TYPE sextant_deployment_analysis_measurements_total counter\n"
                for (labels, count) in figures.measurements.sorted(by: { $0.key < $1.key }) { text += "sextant_deployment_analysis_measurements_total{\(labels)} \(count)\n" }
            }
            return text
        }
    }
}

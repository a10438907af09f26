import Foundation

/// Judges a deployment's gates: every one that holds, with what holds it and the graph path
/// that made it relevant; none when the deployment may go on.
public enum GateCheck {
    public static func failures(of gates: DeploymentGates, for service: String, facts: GateFacts) -> [GateFailure] {
        var failures: [GateFailure] = []
        if let budget = gates.budget {
            let services = budget.dependencies ? WhatChanged.neededServices(of: service, in: facts.graph) : [(service, [service])]
            for (name, path) in services {
                for objective in facts.objectives.filter({ $0.service == name }).sorted(by: { $0.id < $1.id }) {
                    if objective.remainingPercent < budget.minimumPercent {
                        failures.append(GateFailure(gate: "budget", reason: "objective \(objective.id) of \(name) has "
                            + "\(percent(objective.remainingPercent)) % of its error budget left, under \(percent(budget.minimumPercent)) %", path: path))
                    }
                    for condition in objective.pagesFiring.sorted() {
                        failures.append(GateFailure(gate: "budget", reason: "objective \(objective.id) of \(name) is burning at page severity (\(condition))",
                                                    path: path))
                    }
                }
            }
        }
        if let incident = gates.noIncident {
            var services: [(String, [String])] = incident.dependencies ? WhatChanged.neededServices(of: service, in: facts.graph) : [(service, [service])]
            if incident.dependants {
                services += dependants(of: service, in: facts.graph).filter { dependant in !services.contains { $0.0 == dependant.0 } }
            }
            for (name, path) in services {
                let firing = facts.firingAlerts.filter { ($0["service"] ?? $0["component"]) == name }.map { $0["alertname"] ?? "" }
                for alert in Set(firing).sorted() {
                    failures.append(GateFailure(gate: "noIncident", reason: "\(alert) firing on \(name)", path: path))
                }
            }
        }
        if !facts.freezeOverridden {
            for freeze in gates.freezes where facts.activeFreezes.contains(freeze) {
                failures.append(GateFailure(gate: "freeze", reason: "inside the freeze window \(freeze)", path: [service]))
            }
        }
        if let approval = gates.approval, !facts.approved {
            failures.append(GateFailure(gate: "approval", reason: "waiting for a person with the \(approval.role.rawValue) role (or above) to approve",
                                        path: [service]))
        }
        return failures
    }

    /// The services that hard-depend on `service`, transitively, each with its path to it
    /// (`[dependant, …, service]`).
    static func dependants(of service: String, in graph: DependencyGraph) -> [(String, [String])] {
        var paths: [String: [String]] = [service: [service]]
        var order: [String] = []
        var queue = [service]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            for edge in graph.dependants(of: current) where edge.isHard && paths[edge.from] == nil {
                paths[edge.from] = [edge.from] + paths[current]!
                order.append(edge.from)
                queue.append(edge.from)
            }
        }
        return order.map { ($0, paths[$0]!) }
    }

    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// The overview: services with their state, objectives with the budget left, firing alerts,
/// deployments under way and recent — each linking on.
struct OverviewPage {
    let sources: UISources

    func response(_ context: AppRequestContext) async throws -> Response {
        let firing = sources.firingAlerts()
        let firingByService = Dictionary(grouping: firing, by: { $0.labels["service"] ?? "" })
        let (objectives, statuses) = try await sources.objectivesWithStatus()
        var worstBudget: [String: Double] = [:]
        for slo in objectives { if let ratio = statuses[slo.id]?.budget.remainingRatio { worstBudget[slo.service] = min(worstBudget[slo.service] ?? 1, ratio) } }

        let services = try await sources.serviceNames().map { name -> [String] in
            let alerts = firingByService[name]?.count ?? 0
            let budget = worstBudget[name]
            let state = alerts > 0 ? "<span class=\"bad\">\(alerts) firing</span>" : budget.map { $0 < 0.2 ? "<span class=\"bad\">budget low</span>" : "<span class=\"good\">ok</span>" } ?? "<span class=\"good\">ok</span>"
            return [HTML.link("/ui/services/\(HTML.segment(name))", name), state, budget.map { HTML.percent($0) } ?? "–"]
        }
        let objectiveRows = objectives.map { slo -> [String] in
            let status = statuses[slo.id]
            return [HTML.link("/ui/slos/\(HTML.segment(slo.id))", slo.id), HTML.text(slo.service),
                    status?.sli.map { HTML.percent($0, decimals: 3) } ?? "–",
                    status.map { SVG.budgetGauge(remaining: $0.budget.remainingRatio, label: slo.id) } ?? "–",
                    HTML.text(status?.conditions.filter(\.isActive).map(\.condition.name).joined(separator: ", ") ?? "")]
        }
        let alertRows = firing.prefix(100).map { alert -> [String] in
            [HTML.text(alert.name), alert.labels["service"].map { HTML.link("/ui/services/\(HTML.segment($0))", $0) } ?? "",
             HTML.text(alert.labels["severity"] ?? ""), HTML.text(alert.startsAt.formatted(.iso8601)), HTML.text(alert.annotations["summary"] ?? "")]
        }
        let active = try await sources.deployments.activeDeployments()
        let recent = try await sources.deployments.deployments(matching: DeploymentQuery(limit: 10))
        let deploymentRows = (active + recent.filter { record in !active.contains { $0.id == record.id } }).prefix(20).map { record -> [String] in
            [HTML.text(record.id), HTML.link("/ui/services/\(HTML.segment(record.service))", record.service), HTML.text(record.version),
             HTML.text(record.strategy), HTML.text(record.status.phase), HTML.text(record.createdAt.formatted(.iso8601))]
        }
        let body = """
            <section aria-labelledby="services"><h2 id="services">Services</h2>\
            \(HTML.table(["Service", "State", "Least budget left"], services, empty: "No service has sent spans or been registered yet."))</section>\
            <section aria-labelledby="objectives"><h2 id="objectives">Objectives</h2>\
            \(HTML.table(["Objective", "Service", "SLI", "Error budget left", "Firing conditions"], objectiveRows, empty: "No objectives yet."))</section>\
            <section aria-labelledby="alerts"><h2 id="alerts">Firing alerts</h2>\
            \(HTML.table(["Alert", "Service", "Severity", "Since", "Summary"], alertRows, empty: "Nothing is firing."))</section>\
            <section aria-labelledby="deployments"><h2 id="deployments">Deployments</h2>\
            \(HTML.table(["Deployment", "Service", "Version", "Strategy", "Status", "Started"], Array(deploymentRows), empty: "No deployments yet."))</section>
            """
        return UILayout.page(title: "Overview", body: body, context: context, liveSeconds: 10)
    }
}

import Foundation
import Hummingbird
import SextantAPI
import SextantCore
import SextantStorage

/// Deployments: the recent ones, and one in detail — its phase, step and weight, every analysis
/// measurement, gate evaluations and events — with promote, pause, resume, abort and rollback
/// offered to those who may deploy (each a form with the session's CSRF token; a forged one is
/// refused by the route's permission all the same).
struct DeploymentsPage {
    let sources: UISources
    let deployments: DeploymentsController
    let delivery: DeliveryController
    let workflows: any WorkflowStore

    static let actions = ["promote", "promoteFully", "pause", "resume", "abort", "rollback"]

    func list(_ context: AppRequestContext) async throws -> Response {
        let records = try await sources.deployments.deployments(matching: DeploymentQuery(limit: 100))
        let rows = records.map { record in
            [HTML.link("/ui/deployments/\(HTML.segment(record.id))", record.id), HTML.link("/ui/services/\(HTML.segment(record.service))", record.service),
             HTML.text(record.version), HTML.text(record.strategy), HTML.text(record.status.phase), "\(record.status.weight) %",
             HTML.text(record.createdAt.formatted(.iso8601))]
        }
        let now = sources.clock.now()
        let dora = try await delivery.figures(service: nil, owner: nil, from: now.addingTimeInterval(-30 * 86_400), to: now,
                                              failureWindow: DeliveryController.defaultFailureWindow)
        func tier(_ name: String) -> String { dora.tiers[name].map { " (\($0.rawValue))" } ?? "" }
        let figures = [
            ["Deployment frequency", String(format: "%.2f a day (%d deployments)", dora.deploymentsPerDay, dora.deployments) + tier("deploymentFrequency")],
            ["Change lead time", (dora.leadTimeSeconds.map { String(format: "%.1f h", $0 / 3_600) } ?? "–") + tier("leadTime")],
            ["Change failure rate", (dora.changeFailureRate.map { HTML.percent($0) } ?? "–") + " (\(dora.failedChanges) failed)" + tier("changeFailureRate")],
            ["Time to restore", (dora.recoverySeconds.map { String(format: "%.1f h", $0 / 3_600) } ?? "–") + tier("recoveryTime")],
        ].map { [HTML.text($0[0]), HTML.text($0[1])] }
        let workflowRows = try await workflows.workflows(limit: 50).map { record in
            [HTML.text(record.id), HTML.text(record.name), HTML.text(record.phase), HTML.text(record.createdBy), HTML.text(record.createdAt.formatted(.iso8601))]
        }
        let body = """
            <section aria-labelledby="recent"><h2 id="recent">Recent deployments</h2>            \(HTML.table(["Deployment", "Service", "Version", "Strategy", "Phase", "Weight", "Started"], rows, empty: "No deployments yet."))</section>            <section aria-labelledby="dora"><h2 id="dora">DORA, last 30 days</h2>\(HTML.table(["Figure", "Value"], figures, empty: ""))</section>            <section aria-labelledby="workflows"><h2 id="workflows">Workflows</h2>            \(HTML.table(["Workflow", "Name", "Phase", "By", "Started"], workflowRows, empty: "No workflows yet."))</section>
            """
        return UILayout.page(title: "Deployments", body: body, context: context)
    }

    func detail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let view = try await deployments.detailedView(request, context)
        var actions = ""
        if context.caller?.role.allows(.deploy) == true, let csrf = context.uiSession?.csrf {
            actions = "<section aria-labelledby=\"actions\"><h2 id=\"actions\">Actions</h2>" + Self.actions.map { action in
                """
                <form method="post" action="/ui/deployments/\(HTML.segment(view.id))/\(action)" style="display:inline">\
                <input type="hidden" name="csrf" value="\(HTML.attribute(csrf))"><button type="submit" name="action" value="\(action)">\(action)</button></form>
                """
            }.joined(separator: " ") + "</section>"
        }
        let measurements = (view.measurements ?? []).map { measurement in
            [HTML.text(measurement.at.formatted(.iso8601)), HTML.text(measurement.analysis), measurement.step.map { "\($0 + 1)" } ?? "background",
             HTML.text(measurement.metric), measurement.value.map { HTML.text(String($0)) } ?? "–", HTML.text(measurement.phase), HTML.text(measurement.message ?? "")]
        }
        let gates = (view.gateEvaluations ?? []).map { evaluation in
            [HTML.text(evaluation.lastAt.formatted(.iso8601)), "\(evaluation.evaluations)",
             HTML.text(evaluation.failures.map { "\($0.gate): \($0.reason)\($0.path.isEmpty ? "" : " (" + $0.path.joined(separator: " → ") + ")")" }.joined(separator: "; "))]
        }
        let events = (view.events ?? []).map { [HTML.text($0.at.formatted(.iso8601)), HTML.text($0.message)] }
        let body = """
            <p id="phase" data-phase="\(HTML.attribute(view.phase))">\(HTML.link("/ui/services/\(HTML.segment(view.service))", view.service)) \
            \(HTML.text(view.stableVersion ?? "?")) → \(HTML.text(view.version)) (\(HTML.text(view.strategy))): <strong>\(HTML.text(view.phase))</strong>, \
            step \(min(view.step + 1, view.stepCount)) of \(view.stepCount), weight \(view.weight) %\(view.reason.map { "; " + HTML.text($0) } ?? "").</p>\
            \(actions)\
            <section aria-labelledby="measurements"><h2 id="measurements">Analysis</h2>\
            \(HTML.table(["Time", "Analysis", "Step", "Metric", "Value", "Result", "Message"], measurements, empty: "No measurement yet."))</section>\
            <section aria-labelledby="gates"><h2 id="gates">Gates</h2>\(HTML.table(["Last", "Evaluations", "Why it waits"], gates, empty: "No gate has held it."))</section>\
            <section aria-labelledby="events"><h2 id="events">Events</h2>\(HTML.table(["Time", "Event"], events, empty: "No events."))</section>
            """
        return UILayout.page(title: "Deployment \(view.id)", body: body, context: context, liveSeconds: 3)
    }

    func act(_ action: String, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await UIForm.read(request, context: context)
        try UIForm.requireCSRF(form, context)
        try await deployments.act(action, request, context)
        return UILayout.redirect(to: "/ui/deployments/\(HTML.segment(try context.parameters.require("id")))")
    }
}

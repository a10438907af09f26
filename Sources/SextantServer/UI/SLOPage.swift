import Foundation
import Hummingbird
import SextantAPI
import SextantCore

/// One objective: the budget burning down over its window, the burn-rate conditions as a table
/// with the arithmetic spelled out (error ratio ÷ (1 − target) against the factor, on both
/// windows), how the budget figure is computed, feasibility given its hard dependencies, and
/// which calls the last hour's bad events came with.
struct SLOPage {
    let sources: UISources
    let slos: SLOController

    func response(_ id: String, _ context: AppRequestContext) async throws -> Response {
        guard let slo = try await sources.objectives.get(id)?.slo else { throw APIError.notFound("there is no objective \(Quoted.prefix(id))") }
        let status = try await sources.objectiveStatus(slo)
        let now = sources.clock.now()
        let start = slo.window.bounds(at: now).start
        let step = max(60, (now.timeIntervalSince(start) / 200).rounded(.up))
        let history = try await slos.historyPoints(of: slo, from: start, to: now, step: step)
        let target = slo.objective / 100
        let burnDown = SVG.lineChart(history.map { (time: $0.time.timeIntervalSince1970, value: Optional($0.budgetRemaining * 100)) },
                                     label: "Error budget left (%)", unit: "%")
        let burns = Dictionary(status.burns.map { ($0.window, $0) }, uniquingKeysWith: { first, _ in first })
        // When each firing condition started: the rule alert it raised (labels slo and condition).
        let since = Dictionary(try await sources.alertStatuses().filter { $0.alert.labels["slo"] == slo.id }.compactMap { status in
            status.alert.labels["condition"].map { ($0, status.alert.startsAt) }
        }, uniquingKeysWith: { first, second in min(first, second) })
        func started(_ name: String, _ active: Bool) -> String {
            guard active else { return "–" }
            return since[name].map { HTML.text($0.formatted(.iso8601)) } ?? "this evaluation"
        }
        func arithmetic(_ window: BurnWindow) -> String {
            guard let burn = burns[window], burn.events.total > 0, let ratio = burn.events.errorRatio else { return "no events over \(window.label)" }
            return String(format: "%@: %.0f bad of %.0f = %.5f; ÷ (1 − %.5f) = %.2f", window.label, burn.events.bad, burn.events.total, ratio, target, ratio / (1 - target))
        }
        let conditions = status.conditions.map { result -> [String] in
            let state = result.isActive ? "<span class=\"bad\">firing</span>" : "ok"
            switch result.condition.check {
            case .burnRate(let long, let short, let factor):
                return [HTML.text(result.condition.name), HTML.text(result.condition.severity.rawValue), state, started(result.condition.name, result.isActive),
                        HTML.text(arithmetic(long)), HTML.text(arithmetic(short)), String(format: "%.1f", factor),
                        HTML.text("fires when both burn rates are at least \(String(format: "%.1f", factor))")]
            case .budgetBelow(let percent):
                return [HTML.text(result.condition.name), HTML.text(result.condition.severity.rawValue), state, started(result.condition.name, result.isActive),
                        "–", "–", "–",
                        HTML.text("fires when the budget left is below \(String(format: "%.0f", percent)) % (now \(HTML.percent(status.budget.remainingRatio)))")]
            }
        }
        let budget = status.budget
        let explanation = String(format: "Over the %@ window so far: %.0f events, %.0f bad. The budget is (1 − %.5f) × %.0f = %.1f bad events allowed; "
                                 + "%.1f are spent, so %.1f %% is left (1 − %.1f ÷ %.1f).", slo.window.label, status.events.total, status.events.bad,
                                 target, status.events.total, budget.allowedBadEvents, budget.consumedBadEvents, budget.remainingRatio * 100,
                                 budget.consumedBadEvents, budget.allowedBadEvents)
        let feasibility = try? await slos.feasibilityReport(of: slo)
        let feasible = feasibility.map { report in
            "<p>The most this objective can reach given its hard dependencies: <strong>\(String(format: "%.3f", report.maximumAchievablePercent)) %</strong> — "
                + (report.feasible ? "feasible." : "<span class=\"bad\">not feasible</span>.")
                + (report.warning.map { " " + HTML.text($0) } ?? "") + "</p>"
                + HTML.table(["Dependency", "Availability", "From", "Path"], report.dependencies.map {
                    [HTML.link("/ui/services/\(HTML.segment($0.name))", $0.name), $0.availabilityPercent.map { String(format: "%.3f %%", $0) } ?? "unknown",
                     HTML.text($0.source), HTML.text($0.path.joined(separator: " → "))]
                }, empty: "No hard dependencies.")
        } ?? "<p class=\"empty\">Feasibility could not be computed.</p>"
        let attribution = (try? await slos.attributionReport(of: slo, window: "1h")).map { report in
            "<p>\(HTML.text(report.summary ?? "No bad events in the last hour."))</p>"
                + HTML.table(["Calls to", "Failed calls", "Bad events attributed", "Share"], report.edges.map {
                    [HTML.link("/ui/services/\(HTML.segment($0.server))", $0.server), String(format: "%.0f", $0.failedCalls),
                     String(format: "%.1f", $0.attributedBadEvents), String(format: "%.1f %%", $0.percent)]
                }, empty: "No failed calls.")
        } ?? "<p class=\"empty\">Attribution needs an indicator from Sextant's rollups.</p>"
        let body = """
            <p>\(HTML.link("/ui/services/\(HTML.segment(slo.service))", slo.service)): \(HTML.percent(target, decimals: 3)) over \(HTML.text(slo.window.label)); \
            SLI \(status.sli.map { HTML.percent($0, decimals: 3) } ?? "–"); \
            time to exhaustion \(HTML.text(status.timeToExhaustion.map { "\(Int($0 / 3_600)) h" } ?? "not at this rate")).</p>\
            \(SVG.budgetGauge(remaining: budget.remainingRatio, label: slo.id))\
            <section aria-labelledby="burn-down"><h2 id="burn-down">Budget over the window</h2>\(burnDown)<p>\(HTML.text(explanation))</p></section>\
            <section aria-labelledby="conditions"><h2 id="conditions">Burn-rate conditions</h2>\
            \(HTML.table(["Condition", "Severity", "State", "Since", "Long window", "Short window", "Factor", "Rule"], conditions, empty: "No conditions."))\
            <p>A burn rate is the error ratio divided by the error budget's share (1 − target): 1 spends the budget exactly over the window.</p></section>\
            <section aria-labelledby="feasibility"><h2 id="feasibility">Feasibility</h2>\(feasible)</section>\
            <section aria-labelledby="attribution"><h2 id="attribution">Where the last hour's burn came from</h2>\(attribution)</section>
            """
        return UILayout.page(title: slo.id, body: body, context: context)
    }
}

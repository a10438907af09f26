import Foundation
import Hummingbird
import SextantCore

/// The dependency graph, laid out in layers (Core's ``GraphLayout``) and drawn as SVG: declared,
/// observed and both kinds of edges told apart, stale ones faded, hard ones heavier; nodes
/// coloured by firing alerts. A node is a link: following it shows what goes down (red) and what
/// degrades (orange) if it fails — the impact API's answer, with each chain on hover. Filters:
/// owner, tier, and a node's neighbourhood. No script needed.
struct GraphPage {
    let sources: UISources

    static let nodeWidth = 150.0, nodeHeight = 30.0, columnStep = 165.0, rowStep = 80.0

    /// The report without the callers from outside.
    static func withoutOutside(_ report: ImpactReport, _ outside: Set<String>) -> ImpactReport {
        ImpactReport(failed: report.failed, down: report.down.filter { !outside.contains($0.name) }, degraded: report.degraded.filter { !outside.contains($0.name) })
    }

    func response(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let merged = try await sources.merged()
        let impactGraph = try await sources.graph()
        let owner = query.string("owner"), around = query.string("around")
        let tier = try query.integer("tier", in: 0...10)
        // Callers from outside (the `user` of root spans: observed, unregistered, calling only
        // through virtual edges, called by nothing) are not services and are left out.
        let outside = Set(merged.nodes.filter { node in
            !node.isRegistered && !merged.edges.contains { $0.to == node.name }
                && merged.edges.filter { $0.from == node.name }.allSatisfy { $0.declared == nil && $0.connectionTypes == [.virtualNode] }
        }.map(\.name))
        var names = Set(merged.nodes.map(\.name)).subtracting(outside)
        if let owner { names = names.filter { name in merged.nodes.first { $0.name == name }?.component?.owner == owner } }
        if let tier { names = names.filter { name in merged.nodes.first { $0.name == name }?.component?.tier == tier } }
        if let around {
            let near = Set([around] + merged.edges.filter { $0.from == around }.map(\.to) + merged.edges.filter { $0.to == around }.map(\.from))
            names = names.intersection(near)
        }
        let failed = query.list("failed").filter { impactGraph.contains($0) }
        let report = failed.isEmpty ? nil : Self.withoutOutside(impactGraph.impact(ofFailing: failed), outside)
        let firing = Set(sources.firingAlerts().compactMap { $0.labels["service"] })
        // Objectives' state by service: a service with one whose budget is spent, or with a firing condition, is tinted.
        let (objectives, statuses) = try await sources.objectivesWithStatus()
        let objectivesBreached = Set(objectives.filter { slo in
            statuses[slo.id].map { $0.budget.remainingRatio <= 0 || $0.conditions.contains(where: \.isActive) } ?? false
        }.map(\.service))
        let edges = merged.edges.filter { names.contains($0.from) && names.contains($0.to) }
        let positions = GraphLayout.layered(nodes: names.sorted(), edges: edges.map { ($0.from, $0.to) })
        let rows = (positions.values.map(\.row).max() ?? 0) + 1
        let columns = (positions.values.map(\.column).max() ?? 0) + 1
        func centre(_ name: String) -> (x: Double, y: Double) {
            let position = positions[name]!
            return (10 + Double(position.column) * Self.columnStep + Self.nodeWidth / 2, 10 + Double(position.row) * Self.rowStep + Self.nodeHeight / 2)
        }
        var filters: [String] = []
        if let owner { filters.append("owner=\(HTML.query(owner))") }
        if let tier { filters.append("tier=\(tier)") }
        if let around { filters.append("around=\(HTML.query(around))") }
        let drawnEdges = edges.map { edge -> String in
            let (a, b) = (centre(edge.from), centre(edge.to))
            let dash = edge.source == .declared ? " stroke-dasharray=\"6 4\"" : edge.source == .observed ? " stroke-dasharray=\"2 3\"" : ""
            let colour = edge.isStale ? "#cbd5e0" : edge.source == .observed ? "#3182ce" : "#4a5568"
            let width = edge.declared?.isHard == true ? 2.5 : 1.2
            return "<line x1=\"\(SVG.format(a.x))\" y1=\"\(SVG.format(a.y + Self.nodeHeight / 2))\" x2=\"\(SVG.format(b.x))\" y2=\"\(SVG.format(b.y - Self.nodeHeight / 2))\" "
                + "stroke=\"\(colour)\" stroke-width=\"\(width)\"\(dash)><title>\(HTML.text("\(edge.from) → \(edge.to) (\(edge.source.rawValue)\(edge.isStale ? ", stale" : ""))"))</title></line>"
        }
        let drawnNodes = names.sorted().map { name -> String in
            let (x, y) = centre(name)
            let status = report?.status(of: name)
            let fill = status == .failed ? "#1a202c" : status == .down ? "#c53030" : status == .degraded ? "#dd6b20"
                : firing.contains(name) ? "#fed7d7" : objectivesBreached.contains(name) ? "#feebc8" : "#ffffff"
            let text = status == .failed || status == .down ? "#ffffff" : "#1a202c"
            let chain = (report?.down ?? []).first { $0.name == name }?.explanation ?? (report?.degraded ?? []).first { $0.name == name }?.explanation
            let link = "?" + (filters + ["failed=\(HTML.query(name))"]).joined(separator: "&")
            let health = firing.contains(name) ? "alerts" : objectivesBreached.contains(name) ? "objective" : "ok"
            return "<a href=\"\(HTML.attribute(link))\" data-node=\"\(HTML.attribute(name))\" data-status=\"\(status?.rawValue ?? "ok")\" data-health=\"\(health)\">"
                + "<rect x=\"\(SVG.format(x - Self.nodeWidth / 2))\" y=\"\(SVG.format(y - Self.nodeHeight / 2))\" width=\"\(Self.nodeWidth)\" height=\"\(Self.nodeHeight)\" rx=\"4\" "
                + "fill=\"\(fill)\" stroke=\"#2d3748\"/><text x=\"\(SVG.format(x))\" y=\"\(SVG.format(y + 4))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(text)\">"
                + "\(HTML.text(String(name.prefix(22))))</text><title>\(HTML.text(chain.map { "\(name): \(status?.rawValue ?? "") — \($0)" } ?? "\(name): what fails if this fails?"))</title></a>"
        }
        let width = Int(Double(columns) * Self.columnStep + 20), height = Int(Double(rows) * Self.rowStep + 10)
        let picture = names.isEmpty ? "<p class=\"empty\">No services match.</p>"
            : "<svg class=\"graph\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
                + "aria-label=\"\(HTML.attribute("\(names.count) services and \(edges.count) dependencies"))\">\(drawnEdges.joined())\(drawnNodes.joined())</svg>"
        var impact = ""
        if let report {
            func rows(_ affected: [ImpactReport.Affected]) -> [[String]] { affected.map { [HTML.link("/ui/services/\(HTML.segment($0.name))", $0.name), HTML.text($0.explanation)] } }
            impact = """
                <section aria-labelledby="impact"><h2 id="impact">If \(HTML.text(failed.joined(separator: ", "))) fails</h2>\
                <h3>Down</h3><div id="down">\(HTML.table(["Service", "Because"], rows(report.down), empty: "Nothing goes down."))</div>\
                <h3>Degraded</h3><div id="degraded">\(HTML.table(["Service", "Because"], rows(report.degraded), empty: "Nothing degrades."))</div>\
                <p>\(HTML.link("?" + filters.joined(separator: "&"), "Clear"))</p></section>
                """
        }
        let owners = Set(merged.nodes.compactMap { $0.component?.owner }).sorted()
        let body = """
            <form method="get" action="/ui/graph"><label for="owner">Owner</label><select id="owner" name="owner"><option value="">any</option>\
            \(owners.map { "<option\($0 == owner ? " selected" : "")>\(HTML.text($0))</option>" }.joined())</select>\
            <label for="tier">Tier</label><input id="tier" name="tier" type="text" inputmode="numeric" value="\(tier.map(String.init) ?? "")">\
            <label for="around">Around a service</label><input id="around" name="around" type="text" value="\(HTML.attribute(around ?? ""))">\
            <p><button type="submit">Filter</button></p></form>\
            <p>Follow a service to see what fails with it. Lines: solid declared and observed, dashed declared only, dotted observed only, \
            faded stale, heavy hard (critical, no fallback). Services tinted red have firing alerts, orange an objective breached or burning.</p>\(impact)\(picture)
            """
        return UILayout.page(title: "Dependency graph", body: body, context: context, liveSeconds: 15)
    }
}

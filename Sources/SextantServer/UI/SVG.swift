import Foundation

/// Charts and gauges drawn on the server as SVG: they show without JavaScript, and each has a
/// text alternative (`role="img"` with `aria-label`).
enum SVG {
    /// A half-circle gauge of the error budget left: `ratio` 1 is full, 0 (or below) is spent.
    /// The figure is printed as the API prints `remainingPercent`, to one decimal.
    static func budgetGauge(remaining ratio: Double, label: String) -> String {
        let shown = max(0, min(1, ratio.isFinite ? ratio : 0))
        let angle = Double.pi * (1 - shown)
        let x = 60 + 50 * cos(angle), y = 60 - 50 * sin(angle)
        let colour = ratio >= 0.5 ? "#2f855a" : ratio >= 0.2 ? "#b7791f" : "#c53030"
        let percent = ratio.isFinite ? String(format: "%.1f", ratio * 100) : "–"
        let arc = shown > 0 ? "<path d=\"M10,60 A50,50 0 0,1 \(format(x)),\(format(y))\" stroke=\"\(colour)\" stroke-width=\"12\" fill=\"none\"/>" : ""
        return """
            <svg class="gauge" width="120" height="72" viewBox="0 0 120 72" role="img" aria-label="\(HTML.attribute("\(label): \(percent) % of the error budget left"))" \
            data-remaining-percent="\(percent)"><path d="M10,60 A50,50 0 0,1 110,60" stroke="#e2e8f0" stroke-width="12" fill="none"/>\(arc)\
            <text x="60" y="58" text-anchor="middle" font-size="16" font-weight="bold">\(percent) %</text></svg>
            """
    }

    /// A line chart of `points` (time in seconds, value), with the first and last times and the
    /// largest value marked; `nil` values break the line.
    static func lineChart(_ points: [(time: Double, value: Double?)], label: String, unit: String, width: Int = 560, height: Int = 140) -> String {
        let values = points.compactMap(\.value).filter(\.isFinite)
        guard let first = points.first?.time, var last = points.last?.time, let top = values.max() else {
            return "<p class=\"empty\">\(HTML.text("No data for \(label.lowercased()) yet."))</p>"
        }
        // One bucket is drawn as a level line across its minute.
        let single = last <= first
        if single { last = first + 60 }
        let ceiling = top > 0 ? top * 1.1 : 1
        let floor = min(0, values.min() ?? 0)
        let left = 48.0, bottom = Double(height) - 20, plotWidth = Double(width) - left - 8, plotHeight = bottom - 8
        var segments: [[String]] = [[]]
        for point in points {
            guard let value = point.value, value.isFinite else { segments.append([]); continue }
            let x = left + (point.time - first) / (last - first) * plotWidth
            let y = bottom - (value - floor) / (ceiling - floor) * plotHeight
            segments[segments.count - 1].append("\(format(x)),\(format(y))")
            if single { segments[segments.count - 1].append("\(format(left + plotWidth)),\(format(y))") }
        }
        let lines = segments.filter { !$0.isEmpty }.map { "<polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\" points=\"\($0.joined(separator: " "))\"/>" }
        let time = DateFormatter()
        time.dateFormat = "HH:mm"
        time.timeZone = TimeZone(identifier: "UTC")
        return """
            <svg class="chart" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" \
            aria-label="\(HTML.attribute("\(label), highest \(format(top)) \(unit)"))"><line x1="\(left)" y1="\(bottom)" x2="\(Double(width) - 8)" y2="\(bottom)" stroke="#a0aec0"/>\
            <line x1="\(left)" y1="8" x2="\(left)" y2="\(bottom)" stroke="#a0aec0"/>\
            <text x="\(left - 4)" y="14" text-anchor="end" font-size="10">\(HTML.text(format(ceiling)))</text>\
            <text x="\(left - 4)" y="\(bottom)" text-anchor="end" font-size="10">\(HTML.text(format(floor)))</text>\
            <text x="\(left)" y="\(height - 4)" font-size="10">\(time.string(from: Date(timeIntervalSince1970: first)))</text>\
            <text x="\(Double(width) - 8)" y="\(height - 4)" text-anchor="end" font-size="10">\(time.string(from: Date(timeIntervalSince1970: last))) UTC</text>\
            \(lines.joined())</svg>
            """
    }

    /// A trace's spans as a waterfall: one row per span, indented by depth, errors in red, each
    /// bar linking to its row in the span table.
    static func waterfall(_ rows: [(id: String, label: String, depth: Int, start: Double, duration: Double, isError: Bool)], total: Double) -> String {
        let width = 760.0, rowHeight = 18.0, labelWidth = 260.0
        let span = max(total, 1e-9)
        let bars = rows.enumerated().map { index, row -> String in
            let y = Double(index) * rowHeight
            let x = labelWidth + row.start / span * (width - labelWidth - 4)
            let barWidth = max(1, row.duration / span * (width - labelWidth - 4))
            let colour = row.isError ? "#c53030" : "#3182ce"
            return "<a href=\"#span-\(row.id)\"><text x=\"\(format(Double(row.depth) * 10))\" y=\"\(format(y + 13))\" font-size=\"11\">"
                + "\(HTML.text(String(row.label.prefix(40))))</text><rect x=\"\(format(x))\" y=\"\(format(y + 3))\" width=\"\(format(barWidth))\" "
                + "height=\"12\" fill=\"\(colour)\"><title>\(HTML.text("\(row.label): \(HTML.milliseconds(row.duration))"))</title></rect></a>"
        }
        return "<svg class=\"waterfall\" width=\"\(Int(width))\" height=\"\(Int(Double(rows.count) * rowHeight + 4))\" role=\"img\" "
            + "aria-label=\"\(HTML.attribute("\(rows.count) spans over \(HTML.milliseconds(total))"))\">\(bars.joined())</svg>"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.2f", value)
    }
}

import Foundation

/// Text made safe for HTML: what the UI's pages are written in, with every value escaped where
/// it is put in (`HTML.text`, `HTML.attribute`).
enum HTML {
    static func text(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A value for inside a quoted attribute (the same escaping).
    static func attribute(_ value: String) -> String { text(value) }

    /// A path segment for a link.
    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#", "&"])) ?? value
    }

    /// A query value for a link.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["-", "_", ".", "~"])) ?? value
    }

    /// A `<table>` with a header row and already-rendered cells.
    static func table(_ headers: [String], _ rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(text(empty))</p>" }
        return "<table><thead><tr>" + headers.map { "<th scope=\"col\">\(text($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>"
    }

    static func link(_ href: String, _ label: String) -> String {
        "<a href=\"\(attribute(href))\">\(text(label))</a>"
    }

    static func percent(_ ratio: Double, decimals: Int = 1) -> String {
        ratio.isFinite ? String(format: "%.\(decimals)f %%", ratio * 100) : "–"
    }

    static func milliseconds(_ seconds: Double) -> String {
        seconds.isFinite ? (seconds >= 1 ? String(format: "%.2f s", seconds) : String(format: "%.1f ms", seconds * 1000)) : "–"
    }
}

import Foundation

/// A value a template reads: text, a number, a list or a map of values.
public indirect enum TemplateValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([TemplateValue])
    case map([String: TemplateValue])
    case null

    /// A map of strings, such as a label set.
    public static func strings(_ map: [String: String]) -> TemplateValue {
        .map(map.mapValues { .string($0) })
    }

    var text: String {
        switch self {
        case .string(let text): return text
        case .number(let value): return TemplateValue.format(value)
        case .bool(let value): return value ? "true" : "false"
        case .list(let items): return "[" + items.map(\.text).joined(separator: " ") + "]"
        case .map(let map): return "map[" + map.keys.sorted().map { "\($0):\(map[$0]!.text)" }.joined(separator: " ") + "]"
        case .null: return ""
        }
    }

    var isTruthy: Bool {
        switch self {
        case .string(let text): return !text.isEmpty
        case .number(let value): return value != 0
        case .bool(let value): return value
        case .list(let items): return !items.isEmpty
        case .map(let map): return !map.isEmpty
        case .null: return false
        }
    }

    /// A number as Go's `%v` prints a float64 (shortest form, no trailing `.0`).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        // Go's %v: whole numbers below 1e21 in full, others in the shortest exponent form.
        if value == value.rounded(), abs(value) < 1e21 {
            return Int64(exactly: value).map { String($0) } ?? String(format: "%.0f", value)
        }
        return "\(value)"
    }

    /// Reads `.name` of this value. Lists of alerts answer `Firing` and `Resolved`; maps
    /// answer `SortedPairs` (with `Names` and `Values`), as Alertmanager's template data does.
    func field(_ name: String) -> TemplateValue {
        switch self {
        case .map(let map):
            if let value = map[name] { return value }
            if name == "SortedPairs" {
                let keys = map.keys.sorted(by: String.byteOrder)
                return .map(["Names": .list(keys.map { .string($0) }), "Values": .list(keys.map { map[$0]! })])
            }
            if name == "Names" || name == "Values" { return field("SortedPairs").field(name) }
            return .string("")
        case .list(let items) where name == "Firing" || name == "Resolved":
            return .list(items.filter { $0.field("Status") == .string(name.lowercased()) })
        default:
            return .null
        }
    }
}

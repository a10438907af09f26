import Foundation

/// The functions templates may call.
enum TemplateFunctions {
    static func call(_ name: String, _ arguments: [TemplateValue]) throws -> TemplateValue {
        func argument(_ index: Int) throws -> TemplateValue {
            guard index < arguments.count else { throw ValidationError(code: "invalid_template", message: "\(name) needs \(index + 1) argument(s)") }
            return arguments[index]
        }
        func number(_ value: TemplateValue) -> Double {
            switch value {
            case .number(let number): return number
            case .string(let text): return Double(text) ?? .nan
            case .bool(let flag): return flag ? 1 : 0
            default: return .nan
            }
        }
        switch name {
        case "toUpper": return .string(try argument(0).text.uppercased())
        case "toLower": return .string(try argument(0).text.lowercased())
        case "title": return .string(try argument(0).text.capitalized)
        case "len":
            switch try argument(0) {
            case .list(let items): return .number(Double(items.count))
            case .map(let map): return .number(Double(map.count))
            case let other: return .number(Double(other.text.count))
            }
        case "join":
            guard case .list(let items) = try argument(1) else { return .string(try argument(1).text) }
            return .string(items.map(\.text).joined(separator: try argument(0).text))
        case "eq": return .bool(try argument(0) == argument(1) || argument(0).text == argument(1).text)
        case "ne": return .bool(try argument(0).text != argument(1).text)
        case "gt": return .bool(number(try argument(0)) > number(try argument(1)))
        case "lt": return .bool(number(try argument(0)) < number(try argument(1)))
        case "not": return .bool(!(try argument(0).isTruthy))
        case "and": return arguments.first { !$0.isTruthy } ?? arguments.last ?? .null
        case "or": return arguments.first { $0.isTruthy } ?? arguments.last ?? .null
        case "humanize": return .string(humanize(number(try argument(0))))
        case "humanizePercentage": return .string(humanize(number(try argument(0)) * 100, unitless: true) + "%")
        case "humanizeDuration": return .string(humanizeDuration(number(try argument(0))))
        case "printf":
            let format = try argument(0).text
            return .string(printf(format, Array(arguments.dropFirst())))
        default:
            throw ValidationError(code: "invalid_template", message: "unknown template function \(Quoted.prefix(name))")
        }
    }

    /// Prometheus' `humanize`: SI prefixes, four significant digits.
    static func humanize(_ value: Double, unitless: Bool = false) -> String {
        if value == 0 || value.isNaN || value.isInfinite || unitless { return significant(value) }
        let large = ["", "k", "M", "G", "T", "P", "E", "Z", "Y"], small = ["", "m", "u", "n", "p", "f", "a", "z", "y"]
        var scaled = value, index = 0
        if abs(value) >= 1 {
            while abs(scaled) >= 1_000 && index < large.count - 1 { scaled /= 1_000; index += 1 }
            return significant(scaled) + large[index]
        }
        while abs(scaled) < 1 && index < small.count - 1 { scaled *= 1_000; index += 1 }
        return significant(scaled) + small[index]
    }

    static func significant(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        var text = String(format: "%.4g", value)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// Prometheus' `humanizeDuration`: `1d 2h 3m 4s`, or milliseconds and below.
    static func humanizeDuration(_ seconds: Double) -> String {
        if seconds.isNaN || seconds.isInfinite { return significant(seconds) }
        if abs(seconds) < 1 {
            if seconds == 0 { return "0s" }
            return humanize(seconds) + "s"
        }
        let sign = seconds < 0 ? "-" : ""
        let total = abs(seconds)
        // Whole days can exceed any integer type; they are counted as a float.
        let days = (total / 86_400).rounded(.down)
        let withinDay = total - days * 86_400
        let hours = Int(withinDay / 3_600), minutes = Int(withinDay / 60) % 60
        let rest = withinDay - Double(Int(withinDay / 60) * 60)
        var parts: [String] = []
        if days > 0 { parts.append(String(format: "%.0fd", days)) }
        if hours > 0 { parts.append("\(hours)h") }
        if minutes > 0 { parts.append("\(minutes)m") }
        parts.append(significant(rest) + "s")
        return sign + parts.joined(separator: " ")
    }

    static func printf(_ format: String, _ arguments: [TemplateValue]) -> String {
        var output = "", remaining = arguments[...], characters = Array(format), index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "%", index + 1 < characters.count else { output.append(character); index += 1; continue }
            var spec = "%"
            index += 1
            while index < characters.count, !characters[index].isLetter, characters[index] != "%" { spec.append(characters[index]); index += 1 }
            guard index < characters.count else { break }
            let verb = characters[index]
            index += 1
            if verb == "%" { output.append("%"); continue }
            let value = remaining.popFirst() ?? .null
            // Only flags, a width and a precision of at most two digits each reach the formatter:
            // `*` would read arguments that are not there, and a huge width would fill memory.
            guard let safeSpec = safeSpecification(spec) else {
                output += "%!\(verb)(BADWIDTH)"
                continue
            }
            switch verb {
            case "d":
                let number = number(value)
                if let whole = Int64(exactly: number.rounded(.towardZero)), number.isFinite {
                    output += String(format: safeSpec + "lld", whole)
                } else {
                    output += "%!d(float64=\(TemplateValue.format(number)))"
                }
            case "f", "e", "g": output += String(format: safeSpec + String(verb), number(value))
            default: output += value.text
            }
        }
        return output
        func safeSpecification(_ spec: String) -> String? {
            var rest = Substring(spec.dropFirst())
            let flags = rest.prefix { "-+# 0".contains($0) }
            rest = rest.dropFirst(flags.count)
            let width = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(width.count)
            var precision: Substring = ""
            if rest.hasPrefix(".") {
                precision = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
                rest = rest.dropFirst(1 + precision.count)
            }
            guard rest.isEmpty, flags.count <= 5, width.count <= 2, precision.count <= 2 else { return nil }
            return spec
        }
        func number(_ value: TemplateValue) -> Double {
            if case .number(let number) = value { return number }
            return Double(value.text) ?? .nan
        }
    }
}

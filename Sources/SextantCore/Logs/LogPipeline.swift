import Foundation

/// Runs a log query's pipeline over one line, as Loki does: line filters drop lines, `json` and
/// `logfmt` add the fields they find as labels (a name a stream label already has gets
/// `_extracted`; a line that does not parse gets `__error__`), label filters drop lines whose
/// labels fail them — except that a value that is no number or duration where one is compared
/// keeps the line and sets `__error__="LabelFilterErr"`, as Loki does.
public enum LogPipeline {
    /// The labels the line ends with, or `nil` when a stage drops it.
    public static func run(_ stages: [LogStage], line: String, labels: LabelSet) -> LabelSet? {
        var labels = labels
        let streamLabels = Set(labels.keys)
        for stage in stages {
            switch stage {
            case .lineFilter(let filter):
                guard filter.keeps(line) else { return nil }
            case .json(let extractions):
                guard case .object(let members)? = JSONValue.parse(text: line) else {
                    labels["__error__"] = "JSONParserErr"
                    continue
                }
                if extractions.isEmpty {
                    for (name, value) in flattened(members) { add(name, value, to: &labels, stream: streamLabels) }
                } else {
                    for (label, path) in extractions {
                        if let value = JSONValue.object(members).value(at: path) { add(label, text(of: value), to: &labels, stream: streamLabels) }
                    }
                }
            case .logfmt:
                for (name, value) in logfmt(line) { add(name, value, to: &labels, stream: streamLabels) }
            case .labelFilter(let filter):
                switch evaluate(filter, labels) {
                case .kept: break
                case .dropped: return nil
                case .conversionError: labels["__error__"] = "LabelFilterErr"
                }
            }
        }
        return labels
    }

    enum Verdict { case kept, dropped, conversionError }

    static func evaluate(_ filter: LabelFilter, _ labels: LabelSet) -> Verdict {
        switch filter {
        case .matcher(let matcher):
            return matcher.matches(labels) ? .kept : .dropped
        case .number(let name, let comparison, let threshold):
            guard let value = Double(labels[name] ?? "") else { return .conversionError }
            return comparison.holds(value, threshold) ? .kept : .dropped
        case .duration(let name, let comparison, let threshold):
            guard let value = LogQL.goDuration(labels[name] ?? "") else { return .conversionError }
            return comparison.holds(value, threshold) ? .kept : .dropped
        case .and(let left, let right):
            let first = evaluate(left, labels)
            guard first != .dropped else { return .dropped }
            let second = evaluate(right, labels)
            return second == .dropped ? .dropped : (first == .conversionError || second == .conversionError ? .conversionError : .kept)
        case .or(let left, let right):
            let first = evaluate(left, labels)
            if first == .kept { return .kept }
            let second = evaluate(right, labels)
            return second == .kept ? .kept : (first == .conversionError || second == .conversionError ? .conversionError : .dropped)
        }
    }

    private static func add(_ name: String, _ value: String, to labels: inout LabelSet, stream: Set<String>) {
        let sanitized = sanitize(name)
        guard !sanitized.isEmpty else { return }
        labels[stream.contains(sanitized) ? sanitized + "_extracted" : sanitized] = value
    }

    /// A label name from a field name: anything but letters, digits and `_` becomes `_`.
    static func sanitize(_ name: String) -> String {
        var result = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") ? Character(scalar) : "_"
        })
        if let first = result.first, first.isNumber { result = "_" + result }
        return result
    }

    /// Nested objects joined with `_` (`request_method`); arrays are left out, as Loki does.
    static func flattened(_ members: [String: JSONValue], prefix: String = "") -> [(String, String)] {
        var result: [(String, String)] = []
        for name in members.keys.sorted() {
            let key = prefix.isEmpty ? name : prefix + "_" + name
            switch members[name]! {
            case .object(let inner): result += flattened(inner, prefix: key)
            case .array: continue
            case let value: result.append((key, text(of: value)))
            }
        }
        return result
    }

    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        default: return value.canonicalText
        }
    }

    /// `level=info msg="a \"quoted\" word" took=12ms` → its pairs; a bare key has an empty value.
    static func logfmt(_ line: String) -> [(String, String)] {
        var pairs: [(String, String)] = []
        let characters = Array(line)
        var index = 0
        while index < characters.count {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
            let keyStart = index
            while index < characters.count, characters[index] != "=", characters[index] != " ", characters[index] != "\t" { index += 1 }
            let key = String(characters[keyStart..<index])
            var value = ""
            if index < characters.count, characters[index] == "=" {
                index += 1
                if index < characters.count, characters[index] == "\"" {
                    index += 1
                    while index < characters.count, characters[index] != "\"" {
                        if characters[index] == "\\", index + 1 < characters.count {
                            index += 1
                            value.append(characters[index] == "n" ? "\n" : characters[index] == "t" ? "\t" : characters[index])
                        } else {
                            value.append(characters[index])
                        }
                        index += 1
                    }
                    index += 1
                } else {
                    let valueStart = index
                    while index < characters.count, characters[index] != " ", characters[index] != "\t" { index += 1 }
                    value = String(characters[valueStart..<index])
                }
            }
            if !key.isEmpty { pairs.append((key, value)) }
        }
        return pairs
    }
}

import Foundation

/// An alerting rule, in Prometheus' rule-file form.
public struct AlertingRule: Sendable, Equatable {
    public var name: String
    public var expression: RuleExpression
    /// How long the expression must hold before the alert fires.
    public var holdDuration: TimeInterval
    /// How long the alert keeps firing after the expression stops holding.
    public var keepFiringFor: TimeInterval
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(name: String, expression: RuleExpression, holdDuration: TimeInterval = 0, keepFiringFor: TimeInterval = 0,
                labels: [String: String] = [:], annotations: [String: String] = [:]) {
        self.name = name
        self.expression = expression
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
    }
}

extension AlertingRule: Codable {
    private enum CodingKeys: String, CodingKey {
        case alert, expr, `for`, keep_firing_for, labels, annotations
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.container(keyedBy: AnyCodingKey.self)
        if raw.contains(AnyCodingKey("record")) {
            throw ValidationError(code: "unsupported_rule", message: "recording rules are not supported; Sextant evaluates alerting rules (alert:)",
                                  field: FieldPath.join(FieldPath.render(decoder.codingPath) ?? "", "record"))
        }
        try decoder.rejectUnknownKeys(["alert", "expr", "for", "keep_firing_for", "labels", "annotations"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let path = FieldPath.render(container.codingPath) ?? ""
        name = try container.decode(String.self, forKey: .alert)
        guard LabelMatcher.isValidName(name), name.fits(Limits.labelNameBytes) else {
            throw ValidationError(message: "\(Quoted.prefix(name)) is not a valid alert name", field: FieldPath.join(path, "alert"))
        }
        let expressionText = try container.decode(String.self, forKey: .expr)
        guard expressionText.fits(Limits.queryBytes) else {
            throw ValidationError(code: "too_large", message: "an expression is at most \(Limits.queryBytes) bytes", field: FieldPath.join(path, "expr"))
        }
        do {
            expression = try RuleExpression.parse(expressionText)
        } catch let error as ValidationError {
            throw error.nested(under: path)
        }
        holdDuration = try container.decodeDurationIfPresent(forKey: .for) ?? 0
        keepFiringFor = try container.decodeDurationIfPresent(forKey: .keep_firing_for) ?? 0
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        for name in labels.keys.sorted() where !LabelMatcher.isValidName(name) || name == "alertname" || !name.fits(Limits.labelNameBytes) {
            throw ValidationError(message: "\(Quoted.prefix(name)) cannot be a rule label", field: FieldPath.join(path, "labels.\(name.prefix(Quoted.maximumCharacters))"))
        }
        for (field, map, count, bytes) in [("labels", labels, Limits.labelsPerSet, Limits.labelValueBytes),
                                           ("annotations", annotations, Limits.annotationsPerSet, Limits.annotationValueBytes)] {
            guard map.count <= count else {
                throw ValidationError(code: "too_large", message: "a rule has at most \(count) \(field)", field: FieldPath.join(path, field))
            }
            for key in map.keys.sorted() where !key.fits(Limits.labelNameBytes) || !map[key]!.fits(bytes) {
                throw ValidationError(code: "too_large", message: "a name is at most \(Limits.labelNameBytes) bytes and a value at most \(bytes)",
                                      field: FieldPath.join(path, "\(field).\(key.prefix(Quoted.maximumCharacters))"))
            }
        }
        for (field, templates) in [("labels", labels), ("annotations", annotations)] {
            for key in templates.keys.sorted() {
                do { _ = try Template(templates[key]!) } catch let error as ValidationError {
                    throw ValidationError(code: error.code, message: error.message, field: FieldPath.join(path, "\(field).\(key)"))
                }
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .alert)
        try container.encode(expression.text, forKey: .expr)
        if holdDuration > 0 { try container.encode(DurationText.format(seconds: holdDuration), forKey: .for) }
        if keepFiringFor > 0 { try container.encode(DurationText.format(seconds: keepFiringFor), forKey: .keep_firing_for) }
        if !labels.isEmpty { try container.encode(labels, forKey: .labels) }
        if !annotations.isEmpty { try container.encode(annotations, forKey: .annotations) }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a Prometheus duration (`30s`, `5m`) in seconds; `nil` when absent.
    func decodeDurationIfPresent(forKey key: Key) throws -> TimeInterval? {
        try DurationText.seconds(try decodeIfPresent(String.self, forKey: key), field: FieldPath.render(codingPath + [key]))
    }
}

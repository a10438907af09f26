/// The label and annotation templates of an alerting rule, parsed once for every sample of an
/// evaluation: a template that does not parse keeps its error, which each alert then shows.
struct RuleTemplates: Sendable {
    let labels: [String: Result<Template, any Error>]
    let annotations: [String: Result<Template, any Error>]

    init(of rule: AlertingRule) {
        labels = rule.labels.mapValues(Self.parse)
        annotations = rule.annotations.mapValues(Self.parse)
    }

    private static func parse(_ text: String) -> Result<Template, any Error> {
        Result { try Template(text) }
    }
}

import Yams

/// The alerting configuration as `/api/v2/status` shows it: every credential — Slack and webhook
/// URLs, PagerDuty keys, passwords, tokens — replaced by `<secret>`, as Alertmanager shows its
/// secret fields.
enum RedactedAlertingConfig {
    /// The keys whose values are credentials, in receivers, their HTTP settings and `global`.
    static let secretKeys: Set<String> = [
        "slack_api_url", "api_url", "url", "webhook_url", "routing_key", "service_key", "api_key", "opsgenie_api_key",
        "victorops_api_key", "user_key", "token", "bot_token", "api_secret", "wechat_api_secret", "secret_key",
        "smtp_auth_password", "smtp_auth_secret", "auth_password", "auth_secret", "password", "credentials", "bearer_token",
        "client_secret",
    ]

    /// `text` with every credential replaced — word for word when it holds none; a text that is
    /// not YAML gives nothing away.
    static func redact(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        guard let node = try? Yams.compose(yaml: text) else { return "<secret>" }
        let redacted = redact(node, key: nil)
        guard redacted != node else { return text }
        return (try? Yams.serialize(node: redacted)) ?? "<secret>"
    }

    private static func redact(_ node: Node, key: String?) -> Node {
        switch node {
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { pair in (pair.key, redact(pair.value, key: pair.key.string)) }, mapping.tag, mapping.style))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map { redact($0, key: key) }, sequence.tag, sequence.style))
        case .scalar(let scalar):
            guard let key, secretKeys.contains(key), !scalar.string.isEmpty else { return node }
            return .scalar(Node.Scalar("<secret>"))
        case .alias:
            return node
        }
    }
}

import Foundation
import SextantCore
import SextantStorage

/// An alert as the API shows it.
struct AlertResponse: Encodable {
    struct Status: Encodable {
        var state: String
        var silencedBy: [String]
        var inhibitedBy: [String]
    }

    var fingerprint: String
    var labels: LabelSet
    var annotations: [String: String]
    var startsAt: Date
    var endsAt: Date?
    var updatedAt: Date
    var generatorURL: String
    var status: Status
    var receivers: [String]

    init(_ view: AlertStatus) {
        fingerprint = view.alert.labels.fingerprintText
        labels = view.alert.labels
        annotations = view.alert.annotations
        startsAt = view.alert.startsAt
        endsAt = view.alert.endsAt == .distantFuture ? nil : view.alert.endsAt
        updatedAt = view.alert.updatedAt
        generatorURL = view.alert.generatorURL
        status = Status(state: view.state.rawValue, silencedBy: view.silencedBy, inhibitedBy: view.inhibitedBy)
        receivers = view.receivers
    }
}

/// A page of `GET /api/v1/alerts`.
struct AlertListResponse: Encodable {
    var alerts: [AlertResponse]
    /// The `cursor` of the next page; `null` on the last.
    var nextCursor: String?

    enum CodingKeys: String, CodingKey { case alerts, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alerts, forKey: .alerts)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A notification group as the API shows it.
struct AlertGroupResponse: Encodable {
    var groupKey: String
    var receiver: String
    var labels: LabelSet
    var nextFlushAt: Date
    var hasFlushed: Bool
    var alerts: [String]

    init(_ group: AggregationGroup) {
        groupKey = group.groupKey
        receiver = group.route.receiver
        labels = group.labels
        nextFlushAt = group.nextFlush
        hasFlushed = group.hasFlushed
        alerts = Array(group.alerts.values).sortedForNotification.map { $0.labels.fingerprintText }
    }
}

/// A silence as the API shows it (Alertmanager's `gettableSilence` shape).
struct SilenceResponse: Encodable {
    struct Status: Encodable { var state: String }
    var id: String
    var matchers: [LabelMatcher]
    var startsAt: Date
    var endsAt: Date
    var updatedAt: Date
    var createdBy: String
    var comment: String
    var status: Status

    init(_ silence: Silence, at now: Date) {
        id = silence.id
        matchers = silence.matchers
        startsAt = silence.startsAt
        endsAt = silence.endsAt
        updatedAt = silence.updatedAt
        createdBy = silence.createdBy
        comment = silence.comment
        status = Status(state: silence.state(at: now).rawValue)
    }
}

/// A silence as it is posted: matchers as Alertmanager's objects or as `name=value` text;
/// `startsAt` defaults to now.
struct SilenceRequest: Decodable {
    var id: String?
    var matchers: [LabelMatcher]
    var startsAt: Date?
    var endsAt: Date?
    var createdBy: String?
    var comment: String?

    private enum CodingKeys: String, CodingKey { case id, matchers, startsAt, endsAt, createdBy, comment }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["id", "matchers", "startsAt", "endsAt", "createdBy", "comment"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        if let texts = try? container.decode([String].self, forKey: .matchers) {
            do {
                matchers = try texts.flatMap { try LabelMatcher.parseList($0) }
            } catch let error as ValidationError {
                throw ValidationError(code: error.code, message: error.message, field: "matchers")
            }
        } else {
            matchers = try container.decodeIfPresent([LabelMatcher].self, forKey: .matchers) ?? []
        }
        startsAt = try Self.date(container, .startsAt)
        endsAt = try Self.date(container, .endsAt)
        createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
    }

    private static func date(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = GoTime.parse(text) else {
            throw ValidationError(code: "invalid_time", message: "\(Quoted.prefix(text)) is not an RFC 3339 time", field: key.stringValue)
        }
        return date
    }
}

/// A rule group with its rules' states, as `GET /api/v1/rules` shows it.
struct RuleGroupResponse: Encodable {
    struct RuleAlertResponse: Encodable {
        var labels: LabelSet
        var annotations: [String: String]
        var state: String
        var activeAt: Date
        var firedAt: Date?
        var resolvedAt: Date?
        var keepFiringSince: Date?
        var value: Double
    }

    struct RuleResponse: Encodable {
        var name: String
        var query: String
        var duration: Double
        var keepFiringFor: Double
        var labels: [String: String]
        var annotations: [String: String]
        var health: String
        var lastError: String?
        /// The most advanced state among its alerts.
        var state: String
        var alerts: [RuleAlertResponse]
    }

    var name: String
    var interval: Double
    var limit: Int
    var origin: String
    var file: String?
    var lastEvaluation: Date?
    var evaluationTime: Double
    var rules: [RuleResponse]

    init(_ loaded: RuleRegistry.LoadedGroup, alerts: [String: [UInt64: RuleAlert]]) {
        name = loaded.group.name
        interval = loaded.group.interval
        limit = loaded.group.limit
        switch loaded.origin {
        case .builtIn: origin = "built-in"
        case .api: origin = "api"
        case .file(let path):
            origin = "file"
            file = path
        }
        lastEvaluation = loaded.lastEvaluation
        evaluationTime = loaded.lastDuration
        rules = loaded.group.rules.map { rule in
            let ruleAlerts = (alerts[rule.name] ?? [:]).values.sorted { $0.labels.prometheusText < $1.labels.prometheusText }
            let state = ruleAlerts.contains { $0.phase == .firing } ? "firing" : ruleAlerts.contains { $0.phase == .pending } ? "pending" : "inactive"
            return RuleResponse(
                name: rule.name, query: rule.expression.text, duration: rule.holdDuration, keepFiringFor: rule.keepFiringFor,
                labels: rule.labels, annotations: rule.annotations, health: loaded.health[rule.name]?.health ?? "unknown",
                lastError: loaded.health[rule.name]?.lastError, state: state,
                alerts: ruleAlerts.map {
                    RuleAlertResponse(labels: $0.labels, annotations: $0.annotations, state: $0.phase.rawValue, activeAt: $0.activeAt,
                                      firedAt: $0.firedAt, resolvedAt: $0.resolvedAt, keepFiringSince: $0.keepFiringSince,
                                      value: $0.value.isFinite ? $0.value : 0)
                }
            )
        }
    }
}

/// A component's last health probe.
struct HealthCheckResponse: Encodable {
    var component: String
    var status: String
    var latencySeconds: Double?
    var statusCode: Int?
    var reason: String
    var checkedAt: Date

    init(_ health: ComponentHealth) {
        component = health.component
        status = health.isUp ? "up" : "down"
        latencySeconds = health.latencySeconds
        statusCode = health.statusCode
        reason = health.reason
        checkedAt = health.checkedAt
    }
}

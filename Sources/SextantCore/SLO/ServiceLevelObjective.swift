import Foundation

/// A service level objective: which share of a service's events must be good over a window.
public struct ServiceLevelObjective: Sendable, Equatable, Hashable {
    /// The service the objective is about (a component name).
    public var service: String
    /// The objective's name, unique per service.
    public var name: String
    public var description: String?
    /// The target, in percent (`99.9`).
    public var objective: Double
    public var window: SLOWindow
    public var labels: [String: String]
    public var indicator: SLOIndicator
    public var budgeting: SLOBudgeting
    public var alerting: SLOAlertPolicy

    public init(
        service: String, name: String, description: String? = nil, objective: Double, window: SLOWindow = .rolling(days: 30),
        labels: [String: String] = [:], indicator: SLOIndicator, budgeting: SLOBudgeting = .occurrences,
        alerting: SLOAlertPolicy = SLOAlertPolicy()
    ) {
        self.service = service
        self.name = name
        self.description = description
        self.objective = objective
        self.window = window
        self.labels = labels
        self.indicator = indicator
        self.budgeting = budgeting
        self.alerting = alerting
    }

    /// The identifier used in URLs and rule labels: `service-name`, as Sloth's `sloth_id`.
    public var id: String { "\(service)-\(name)" }

    /// The target as a ratio (`0.999`).
    public var target: Double { objective / 100 }

    /// The share of events allowed to be bad (`0.001`).
    public var errorBudgetRatio: Double { 1 - target }

    /// Checks the rules that decoding alone does not, naming the field at fault.
    public func validate() throws {
        try ComponentName.validate(service, field: "service")
        try ComponentName.validate(name, field: "name")
        guard objective > 0, objective < 100 else {
            throw ValidationError(
                code: "invalid_objective", message: "objective is a percentage above 0 and below 100, such as 99.9",
                field: "objective"
            )
        }
        if let description, !description.fits(Limits.descriptionBytes) {
            throw ValidationError(code: "too_large", message: "description is at most \(Limits.descriptionBytes) bytes", field: "description")
        }
        guard labels.count <= Limits.labelsPerSet else {
            throw ValidationError(code: "too_large", message: "an objective has at most \(Limits.labelsPerSet) labels", field: "labels")
        }
        for key in labels.keys.sorted() where !Self.isLabelName(key) || !key.fits(Limits.labelNameBytes) {
            throw ValidationError(
                code: "invalid_label", message: "\(Quoted.prefix(key)) is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)",
                field: "labels.\(key.prefix(Quoted.maximumCharacters))"
            )
        }
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) where !value.fits(Limits.labelValueBytes) {
            throw ValidationError(code: "too_large", message: "a label value is at most \(Limits.labelValueBytes) bytes", field: "labels.\(key)")
        }
        guard alerting.budgetThresholds.count <= Limits.budgetThresholds else {
            throw ValidationError(code: "too_large", message: "at most \(Limits.budgetThresholds) budget thresholds", field: "alerting.budgetThresholds")
        }
        switch indicator {
        case .availability(.edge, .http5xx):
            throw ValidationError(
                code: "invalid_indicator", message: "edges record failed calls, not HTTP status codes; use bad: error",
                field: "indicator.availability.bad"
            )
        case .availability(.edge(let server), _), .latency(.edge(let server), _):
            try ComponentName.validate(server, field: "indicator.edgeTo")
        case .prometheus(let ratio):
            try Self.validate(ratio)
        default:
            break
        }
    }

    /// Whether `name` is a valid Prometheus label name that is not reserved (`__…`).
    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !name.hasPrefix("__") else { return false }
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_" }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ($0 >= "0" && $0 <= "9") }
    }

    private static func validate(_ ratio: PrometheusRatio) throws {
        switch (ratio.good, ratio.bad) {
        case (nil, nil), (.some, .some):
            throw ValidationError(
                code: "invalid_indicator", message: "give exactly one of good and bad, with total",
                field: "indicator.prometheus"
            )
        default: break
        }
        for (field, query) in [("good", ratio.good), ("bad", ratio.bad), ("total", ratio.total)] {
            guard let query else { continue }
            guard query.fits(Limits.queryBytes) else {
                throw ValidationError(code: "too_large", message: "a query is at most \(Limits.queryBytes) bytes", field: "indicator.prometheus.\(field)")
            }
            guard query.contains(PrometheusRatio.windowPlaceholder) else {
                throw ValidationError(
                    code: "invalid_query",
                    message: "the query needs a \(PrometheusRatio.windowPlaceholder) range, such as rate(http_requests_total[{{.window}}])",
                    field: "indicator.prometheus.\(field)"
                )
            }
        }
    }
}

extension ServiceLevelObjective: Codable, DecodableBesideKeys {
    private enum Keys: String, CodingKey, CaseIterable {
        case service, name, description, objective, window, labels, indicator, budgeting, alerting
    }

    private static let fields = Set(Keys.allCases.map(\.rawValue))

    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder, besideKeys: [])
    }

    public init(from decoder: any Decoder, besideKeys others: Set<String>) throws {
        try decoder.rejectUnknownKeys(others.isEmpty ? Self.fields : Self.fields.union(others))
        let container = try decoder.container(keyedBy: Keys.self)
        service = try container.decode(String.self, forKey: .service)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        objective = try container.decode(Double.self, forKey: .objective)
        window = try container.decodeIfPresent(SLOWindow.self, forKey: .window) ?? .rolling(days: 30)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        indicator = try container.decode(SLOIndicator.self, forKey: .indicator)
        budgeting = try container.decodeIfPresent(SLOBudgeting.self, forKey: .budgeting) ?? .occurrences
        alerting = try container.decodeIfPresent(SLOAlertPolicy.self, forKey: .alerting) ?? SLOAlertPolicy()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(service, forKey: .service)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(objective, forKey: .objective)
        try container.encode(window, forKey: .window)
        try container.encode(labels, forKey: .labels)
        try container.encode(indicator, forKey: .indicator)
        try container.encode(budgeting, forKey: .budgeting)
        try container.encode(alerting, forKey: .alerting)
    }
}

import Foundation

/// What an objective measures: good events among all events.
public enum SLOIndicator: Sendable, Equatable, Hashable {
    /// Share of successful requests, from Sextant's rollups.
    case availability(RollupSelector, bad: BadEvents)
    /// Share of requests faster than `thresholdSeconds`, from the rollups' latency histograms.
    case latency(RollupSelector, thresholdSeconds: Double)
    /// Good (or bad) and total events from PromQL queries.
    case prometheus(PrometheusRatio)

    /// What counts as a bad request for availability.
    public enum BadEvents: String, Sendable, Codable, CaseIterable {
        /// Spans whose status is ERROR.
        case error
        /// Spans that answered an HTTP 5xx (4xx answers are the caller's fault).
        case http5xx
    }

    /// Whether the events come from Sextant's own rollups.
    public var readsRollups: Bool {
        if case .prometheus = self { return false }
        return true
    }

    /// The rollups read, for rollup indicators.
    public var selector: RollupSelector? {
        switch self {
        case .availability(let selector, _), .latency(let selector, _): return selector
        case .prometheus: return nil
        }
    }
}

extension SLOIndicator: Codable {
    private enum Kind: String, CodingKey, CaseIterable { case availability, latency, prometheus }
    private enum RollupKeys: String, CodingKey { case operation, edgeTo, bad, threshold }

    /// Decodes `{availability: {operation?, edgeTo?, bad?}}`, `{latency: {threshold, operation?,
    /// edgeTo?}}` or `{prometheus: {good | bad, total}}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first, let kind = Kind(rawValue: key.stringValue) else {
            throw ValidationError(
                code: "invalid_indicator",
                message: "an indicator is exactly one of: availability, latency, prometheus", field: FieldPath.render(decoder.codingPath)
            )
        }
        let nested = try container.superDecoder(forKey: key)
        switch kind {
        case .prometheus:
            try nested.rejectUnknownKeys(["good", "bad", "total"])
            self = .prometheus(try PrometheusRatio(from: nested))
        case .availability:
            try nested.rejectUnknownKeys(["operation", "edgeTo", "bad"])
            let fields = try nested.container(keyedBy: RollupKeys.self)
            let bad = try fields.decodeCaseIfPresent(BadEvents.self, forKey: .bad, describedAs: "kind of bad event") ?? .error
            self = .availability(try Self.selector(fields, path: nested.codingPath), bad: bad)
        case .latency:
            try nested.rejectUnknownKeys(["operation", "edgeTo", "threshold"])
            let fields = try nested.container(keyedBy: RollupKeys.self)
            let text = try fields.decode(String.self, forKey: .threshold)
            guard let seconds = DurationText.seconds(text), seconds > 0 else {
                throw ValidationError(
                    code: "invalid_threshold", message: "threshold \(Quoted.prefix(text)) is not a positive duration such as 300ms",
                    field: FieldPath.render(nested.codingPath + [RollupKeys.threshold])
                )
            }
            self = .latency(try Self.selector(fields, path: nested.codingPath), thresholdSeconds: seconds)
        }
    }

    private static func selector(_ fields: KeyedDecodingContainer<RollupKeys>, path: [any CodingKey]) throws -> RollupSelector {
        let operation = try fields.decodeIfPresent(String.self, forKey: .operation)
        let edge = try fields.decodeIfPresent(String.self, forKey: .edgeTo)
        switch (operation, edge) {
        case (nil, nil): return .service
        case (let operation?, nil): return .operation(operation)
        case (nil, let edge?): return .edge(to: edge)
        case (.some, .some):
            throw ValidationError(
                code: "invalid_indicator", message: "name an operation or an edge, not both",
                field: FieldPath.join(FieldPath.render(path) ?? "", "edgeTo")
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Kind.self)
        switch self {
        case .prometheus(let ratio):
            try container.encode(ratio, forKey: .prometheus)
        case .availability(let selector, let bad):
            var fields = container.nestedContainer(keyedBy: RollupKeys.self, forKey: .availability)
            try Self.encode(selector, into: &fields)
            try fields.encode(bad, forKey: .bad)
        case .latency(let selector, let threshold):
            var fields = container.nestedContainer(keyedBy: RollupKeys.self, forKey: .latency)
            try Self.encode(selector, into: &fields)
            try fields.encode(DurationText.format(seconds: threshold), forKey: .threshold)
        }
    }

    private static func encode(_ selector: RollupSelector, into fields: inout KeyedEncodingContainer<RollupKeys>) throws {
        switch selector {
        case .service: break
        case .operation(let name): try fields.encode(name, forKey: .operation)
        case .edge(let server): try fields.encode(server, forKey: .edgeTo)
        }
    }
}

import Foundation

/// OpenSLO v1 documents (`kind: SLO` and `kind: SLI`), as decoded from YAML or JSON, and their
/// translation into Sextant's objectives.
public struct OpenSLODocument: Decodable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var metadata: Metadata
    /// The `SLO` spec, when `kind` is `SLO`.
    public var slo: SLOSpec?
    /// The `SLI` spec, when `kind` is `SLI`.
    public var sli: SLISpec?

    public struct Metadata: Decodable, Sendable {
        public var name: String
        public var displayName: String?
        public var labels: [String: String]?

        private enum Keys: String, CodingKey { case name, displayName, labels }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            name = try container.decode(String.self, forKey: .name)
            displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
            // OpenSLO allows a label to hold one value or a list; a list is joined with commas.
            if let single = try? container.decodeIfPresent([String: String].self, forKey: .labels) {
                labels = single
            } else if let lists = try? container.decodeIfPresent([String: [String]].self, forKey: .labels) {
                labels = lists.mapValues { $0.joined(separator: ",") }
            }
        }
    }

    public struct SLOSpec: Decodable, Sendable {
        public var description: String?
        public var service: String
        public var indicator: InlineIndicator?
        public var indicatorRef: String?
        public var timeWindow: [TimeWindow]
        public var budgetingMethod: String
        public var objectives: [Objective]
    }

    public struct InlineIndicator: Decodable, Sendable {
        public var metadata: Metadata?
        public var spec: SLISpec
    }

    public struct SLISpec: Decodable, Sendable {
        public var thresholdMetric: MetricSpec?
        public var ratioMetric: RatioMetric?
    }

    public struct RatioMetric: Decodable, Sendable {
        public var counter: Bool?
        public var good: MetricSpec?
        public var bad: MetricSpec?
        public var total: MetricSpec?
    }

    public struct MetricSpec: Decodable, Sendable {
        public var metricSource: MetricSource
    }

    public struct MetricSource: Decodable, Sendable {
        public var type: String?
        public var spec: [String: String]

        private enum Keys: String, CodingKey { case type, spec }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
            spec = (try? container.decodeIfPresent([String: String].self, forKey: .spec)) ?? [:]
        }
    }

    public struct TimeWindow: Decodable, Sendable {
        public var duration: String
        public var isRolling: Bool?
        public var calendar: Calendar?

        public struct Calendar: Decodable, Sendable {
            public var startTime: String?
            public var timeZone: String?
        }
    }

    public struct Objective: Decodable, Sendable {
        public var displayName: String?
        public var op: String?
        public var value: Double?
        public var target: Double?
        public var targetPercent: Double?
        public var timeSliceTarget: Double?
        public var timeSliceWindow: String?
    }

    private enum Keys: String, CodingKey { case apiVersion, kind, metadata, spec }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        apiVersion = try container.decode(String.self, forKey: .apiVersion)
        kind = try container.decode(String.self, forKey: .kind)
        metadata = try container.decode(Metadata.self, forKey: .metadata)
        switch kind {
        case "SLO": slo = try container.decode(SLOSpec.self, forKey: .spec)
        case "SLI": sli = try container.decode(SLISpec.self, forKey: .spec)
        default: break
        }
    }
}

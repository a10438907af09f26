import Foundation
import SextantCore

/// The answer to an impact question.
public struct ImpactResponse: Codable, Sendable {
    public struct Affected: Codable, Sendable {
        public let name: String
        public let status: String
        public let chain: [String]
        public let path: String
        public let rootCause: String
        public let distance: Int

        public init(_ entry: ImpactReport.Affected) {
            self.name = entry.name
            self.status = entry.status.rawValue
            self.chain = entry.chain
            self.path = entry.explanation
            self.rootCause = entry.rootCause
            self.distance = entry.distance
        }
    }

    public struct Summary: Codable, Sendable {
        public let failed: Int
        public let down: Int
        public let degraded: Int
    }

    public let failed: [String]
    public let propagation: String
    public let down: [Affected]
    public let degraded: [Affected]
    public let summary: Summary

    public init(_ report: ImpactReport, propagation: DegradationPropagation) {
        self.failed = report.failed
        self.propagation = propagation.rawValue
        self.down = report.down.map(Affected.init)
        self.degraded = report.degraded.map(Affected.init)
        self.summary = Summary(failed: report.failed.count, down: report.down.count, degraded: report.degraded.count)
    }
}

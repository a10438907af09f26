import Foundation
import SextantCore

/// One condition in `GET /api/v1/slos/{id}/alerts`.
public struct SLOAlertResponse: Codable, Sendable {
    public let name: String
    public let severity: String
    public let description: String
    public let state: String
    public let since: Date?
    public let activeSince: Date?
    public let resolvedAt: Date?
    public let value: Double?
    public let evaluatedAt: Date?

    public init(
        name: String, severity: String, description: String, state: String, since: Date?, activeSince: Date?,
        resolvedAt: Date?, value: Double?, evaluatedAt: Date?
    ) {
        self.name = name
        self.severity = severity
        self.description = description
        self.state = state
        self.since = since
        self.activeSince = activeSince
        self.resolvedAt = resolvedAt
        self.value = value
        self.evaluatedAt = evaluatedAt
    }
}

import Foundation

/// A release of a service, as "what changed" lists it.
public struct Change: Sendable, Equatable, Codable {
    public var service: String
    public var version: String
    public var deployment: String
    public var phase: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var by: String

    public init(service: String, version: String, deployment: String, phase: String, startedAt: Date, finishedAt: Date?, by: String) {
        self.service = service
        self.version = version
        self.deployment = deployment
        self.phase = phase
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.by = by
    }
}

/// A change relevant to a service: its own, or one of a service it needs, with the path of
/// hard dependencies that leads there (`[service]` for its own).
public struct RelatedChange: Sendable, Equatable, Codable {
    public var change: Change
    public var path: [String]

    public init(change: Change, path: [String]) {
        self.change = change
        self.path = path
    }
}

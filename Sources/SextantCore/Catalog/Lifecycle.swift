/// Where a component stands in its life, as in Backstage's catalog.
public enum Lifecycle: String, Codable, Sendable, CaseIterable {
    case experimental
    case production
    case deprecated
}

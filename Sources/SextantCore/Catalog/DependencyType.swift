/// What kind of thing a dependency is; drawn differently and used to type graph edges.
public enum DependencyType: String, Codable, Sendable, CaseIterable {
    case database
    case cache
    case messageQueue
    case externalAPI
    case internalService
}

import Foundation

/// Which rollups of a service an indicator reads: the requests it serves, one of its
/// operations, or its calls to one dependency.
public enum RollupSelector: Sendable, Equatable, Hashable {
    /// Every SERVER and CONSUMER span of the service.
    case service
    /// The spans of one operation (span name) of the service, of any kind.
    case operation(String)
    /// The service's calls to `server`, as seen on the edge.
    case edge(to: String)
}

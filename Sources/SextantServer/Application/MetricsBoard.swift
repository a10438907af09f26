import Synchronization

/// Series that are computed when scraped rather than kept in the registry (their label sets
/// come and go with objectives), shared by the API and metrics listeners.
public final class MetricsBoard: Sendable {
    private let providers = Mutex<[@Sendable () -> String]>([])

    public init() {}

    /// Adds a source of exposition text.
    func register(_ provider: @escaping @Sendable () -> String) {
        providers.withLock { $0.append(provider) }
    }

    /// Every source's text, in registration order.
    func exposition() -> String {
        providers.withLock { $0 }.map { $0() }.joined()
    }
}

import Synchronization

/// Series that are computed when scraped rather than kept in the registry (their label sets
/// come and go with objectives), shared by the API and metrics listeners.
public final class MetricsBoard: Sendable {
    private let providers = Mutex<[@Sendable () -> String]>([])
    private let scrapeHandlers = Mutex<[(begins: @Sendable () -> Void, answered: @Sendable () -> Void)]>([])

    public init() {}

    /// Adds a source of exposition text.
    func register(_ provider: @escaping @Sendable () -> String) {
        providers.withLock { $0.append(provider) }
    }

    /// Adds what to do when a scrape begins and once it has been answered.
    func onScrape(begins: @escaping @Sendable () -> Void, answered: @escaping @Sendable () -> Void) {
        scrapeHandlers.withLock { $0.append((begins, answered)) }
    }

    /// Tells those who asked that a scrape begins.
    func scrapeBegins() {
        for handler in scrapeHandlers.withLock({ $0 }) { handler.begins() }
    }

    /// Tells those who asked that a scrape has been answered.
    func scrapeAnswered() {
        for handler in scrapeHandlers.withLock({ $0 }) { handler.answered() }
    }

    /// Every source's text, in registration order.
    func exposition() -> String {
        providers.withLock { $0 }.map { $0() }.joined()
    }
}

/// New series of a pulled exposition start at zero: the observations of a series not yet
/// exposed are held until the exposition has been scraped once with the series at 0, so that
/// Prometheus' `increase()` counts the calls of the interval in which an edge first appears
/// (Tempo's service-graph processor writes new series at 0 first for the same reason).
///
/// Events in, observations out: `observe` says which observations to record now; a scrape
/// `begins` (the series made so far are in it, at zero) and, once answered, `scraped` says
/// which observations to record. A series never scraped holds at
/// most ``maximumHeld`` observations; beyond, they are released at once (the series then
/// appears at its value, as without the hold).
public struct FirstScrapeHold<Key: Hashable & Sendable, Observation: Sendable>: Sendable {
    public static var maximumHeld: Int { 1_000 }

    private var known: Set<Key> = []
    private var held: [Key: [Observation]] = [:]
    /// The held series a scrape under way exposes.
    private var exposed: Set<Key> = []

    public init() {}

    /// Takes an observation of `key`; returns those to record now.
    public mutating func observe(_ observation: Observation, of key: Key) -> [Observation] {
        if known.insert(key).inserted {
            held[key] = [observation]
            return []
        }
        guard var waiting = held[key] else { return [observation] }
        waiting.append(observation)
        if waiting.count > Self.maximumHeld {
            held[key] = nil
            return waiting
        }
        held[key] = waiting
        return []
    }

    /// A scrape begins: the series made so far are in its answer.
    public mutating func scrapeBegins() {
        exposed.formUnion(held.keys)
    }

    /// A scrape has been answered: returns the observations held for the series it exposed,
    /// to record. Series made while it was answered wait for the next.
    public mutating func scraped() -> [(key: Key, observations: [Observation])] {
        defer { exposed = [] }
        return exposed.compactMap { key in held.removeValue(forKey: key).map { (key, $0) } }
    }
}

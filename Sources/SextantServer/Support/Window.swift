import SextantCore

/// A look-back window over minute rollups, such as `5m`: the last N one-minute buckets,
/// the current (partial) one included.
struct Window: Sendable {
    /// The window's length in seconds.
    let seconds: Double
    /// Its text, as given.
    let text: String
    /// First bucket included (seconds since 1970).
    let from: Int64
    /// First bucket excluded.
    let to: Int64

    /// The window named by the `window` query parameter (default `5m`), ending at `now`.
    init(_ query: QueryParameters, now: Double, default defaultText: String = "5m") throws {
        let text = query.string("window") ?? defaultText
        guard let seconds = DurationText.seconds(text), seconds >= 60, seconds <= 400 * 86_400 else {
            throw APIError.badRequest("window must be a duration from 1m to 400d, such as 5m, 1h or 30d, not \(Quoted.prefix(text))", field: "window")
        }
        let current = RollupDelta.minuteBucket(now)
        self.seconds = seconds
        self.text = text
        self.from = current + RollupDelta.minute - Int64(seconds)
        self.to = current + RollupDelta.minute
    }
}

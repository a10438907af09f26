import Foundation

/// An indicator as PromQL: `total` and one of `good` or `bad`. Each query contains
/// `{{.window}}`, replaced by the range it is evaluated over (`5m`, `1h`, `30d`), as in Sloth.
public struct PrometheusRatio: Sendable, Equatable, Hashable, Codable {
    public var good: String?
    public var bad: String?
    public var total: String

    public init(good: String? = nil, bad: String? = nil, total: String) {
        self.good = good
        self.bad = bad
        self.total = total
    }

    /// The placeholder replaced by a range.
    public static let windowPlaceholder = "{{.window}}"

    /// The query of the error ratio over `window` (`bad / total`, or `1 - good / total`).
    public func errorRatioQuery(window: String) -> String {
        let total = "(\(Self.substitute(self.total, window: window)))"
        if let bad { return "(\(Self.substitute(bad, window: window)))\n/\n\(total)" }
        return "1 - (\n(\(Self.substitute(good ?? "0", window: window)))\n/\n\(total)\n)"
    }

    /// `query` with every placeholder replaced by `window`.
    public static func substitute(_ query: String, window: String) -> String {
        query.replacingOccurrences(of: windowPlaceholder, with: window)
    }
}

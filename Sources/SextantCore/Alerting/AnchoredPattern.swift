import Foundation

/// A regular expression that must match a whole value, as Alertmanager anchors matchers
/// (`^(?:pattern)$`): RE2's syntax, matched in linear time.
struct AnchoredPattern: Sendable {
    private let expression: RegularExpression

    init(_ pattern: String) throws {
        do {
            expression = try RegularExpression(pattern, anchoring: .wholeText)
        } catch {
            throw ValidationError(code: "invalid_matcher", message: "\(Quoted.prefix(pattern)) is not a valid regular expression: \(error)")
        }
    }

    func matches(_ value: String) -> Bool {
        expression.matches(value)
    }
}

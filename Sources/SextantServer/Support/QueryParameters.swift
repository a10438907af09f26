import Foundation
import Hummingbird
import SextantCore

/// Typed access to query parameters, answering bad values with a 400 naming the parameter.
struct QueryParameters {
    let parameters: Parameters

    init(_ request: Request) {
        self.parameters = request.uri.queryParameters
    }

    /// The parameters decoded as HTML forms and Go's `url.ParseQuery` do, `+` meaning a space:
    /// for the routes other tools' clients call (Loki, Tempo, Jaeger), whose query languages
    /// send a literal `+` as `%2B`.
    static func formEncoded(_ request: Request) -> QueryParameters {
        let pairs = FormEncoding.pairs(request.uri.query ?? "").map { (Substring($0.name), Substring($0.value)) }
        return QueryParameters(parameters: Parameters(pairs))
    }

    private init(parameters: Parameters) {
        self.parameters = parameters
    }

    /// The text of `name`, or `nil` when absent or empty.
    func string(_ name: String) -> String? {
        guard let value = parameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of `name`, each split on commas: `?failed=a,b&failed=c` → `["a", "b", "c"]`.
    func list(_ name: String) -> [String] {
        parameters.getAll(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// An integer within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not \(Quoted.prefix(text))", field: name)
        }
        return value
    }

    /// `true` or `false` (also `1` or `0`); `defaultValue` when absent.
    func boolean(_ name: String, default defaultValue: Bool = false) throws -> Bool {
        guard let text = string(name) else { return defaultValue }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.badRequest("\(name) must be true or false, not \(Quoted.prefix(text))", field: name)
        }
    }

    /// One of a string enumeration's values.
    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, as type: Value.Type) throws -> Value? where Value.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw APIError.badRequest(
                "\(name) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), not \(Quoted.prefix(text))", field: name
            )
        }
        return value
    }

    /// A time given as RFC 3339 or as seconds since 1970, within ``TimeBounds`` (years 1 to
    /// 9999); `nil` when absent.
    func time(_ name: String) throws -> Date? {
        guard let text = string(name) else { return nil }
        if let seconds = Double(text) {
            guard TimeBounds.contains(secondsSince1970: seconds) else {
                throw APIError.badRequest("\(name) \(Quoted.prefix(text)) is not a time between the years 1 and 9999", field: name)
            }
            return Date(timeIntervalSince1970: seconds)
        }
        if let date = GoTime.parse(text) { return date }
        throw APIError.badRequest("\(name) \(Quoted.prefix(text)) is not an RFC 3339 time or seconds since 1970", field: name)
    }
}

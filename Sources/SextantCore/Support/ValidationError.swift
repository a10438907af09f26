/// A value that breaks a rule of Sextant's domain, naming the field at fault.
///
/// `field` is a path in the request's own terms, such as `dependencies[1].type`, so an API
/// error can point at the exact place to fix.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable reason, such as `invalid_name` or `unknown_field`.
    public var code: String
    /// A sentence a person can act on.
    public var message: String
    /// The path of the offending field, or `nil` when the whole value is at fault.
    public var field: String?

    /// Creates a validation error.
    public init(code: String = "invalid_field", message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// The same error with its field nested under `prefix` (`components[2]` + `name`).
    public func nested(under prefix: String) -> ValidationError {
        var copy = self
        copy.field = FieldPath.join(prefix, field)
        return copy
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }
}

import Logging
import SextantCore

/// A configuration that cannot be used, with a one-line reason.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}

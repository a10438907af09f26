/// The request body is not a valid OTLP document.
public struct OTLPDecodingError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

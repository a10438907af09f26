import Foundation
import SextantCore
import SextantStorage

/// A service's RED over a window, in total and per operation.
public struct ServiceREDResponse: Codable, Sendable {
    public struct Operation: Codable, Sendable {
        public let operation: String
        public let kind: String
        public let red: REDResponse
    }

    public let service: String
    public let window: String
    public let windowSeconds: Double
    /// Over the service's entry spans (SERVER and CONSUMER).
    public let red: REDResponse
    public let operations: [Operation]
}

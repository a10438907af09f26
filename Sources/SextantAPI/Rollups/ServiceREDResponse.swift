import Foundation
import SextantCore

/// A service's RED over a window, in total and per operation.
public struct ServiceREDResponse: Codable, Sendable {
    public struct Operation: Codable, Sendable {
        public let operation: String
        public let kind: String
        public let red: REDResponse

        public init(operation: String, kind: String, red: REDResponse) {
            self.operation = operation
            self.kind = kind
            self.red = red
        }
    }

    public let service: String
    public let window: String
    public let windowSeconds: Double
    /// Over the service's entry spans (SERVER and CONSUMER).
    public let red: REDResponse
    public let operations: [Operation]

    public init(service: String, window: String, windowSeconds: Double, red: REDResponse, operations: [Operation]) {
        self.service = service
        self.window = window
        self.windowSeconds = windowSeconds
        self.red = red
        self.operations = operations
    }
}

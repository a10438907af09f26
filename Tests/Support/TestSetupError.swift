import Foundation
import Logging
import PostgresNIO
import SextantStorage

/// A test could not set up what it needs.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

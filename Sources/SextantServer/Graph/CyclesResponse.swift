import Foundation
import SextantCore
import SextantStorage

/// The graph's dependency cycles.
public struct CyclesResponse: Codable, Sendable {
    public struct Cycle: Codable, Sendable {
        public let members: [String]
        public let path: [String]
    }

    public let cycles: [Cycle]
}

import Foundation
import SextantCore

/// The graph's dependency cycles.
public struct CyclesResponse: Codable, Sendable {
    public struct Cycle: Codable, Sendable {
        public let members: [String]
        public let path: [String]

        public init(members: [String], path: [String]) {
            self.members = members
            self.path = path
        }
    }

    public let cycles: [Cycle]

    public init(cycles: [Cycle]) {
        self.cycles = cycles
    }
}

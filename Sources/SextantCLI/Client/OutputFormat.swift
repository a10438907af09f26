import ArgumentParser
import Foundation

/// How a client command prints its answer.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

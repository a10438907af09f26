import Foundation
import SextantCore

/// How a run came about.
public enum JobTrigger: String, Sendable, Codable {
    case schedule
    case manual
}

import Foundation
import SextantCore

/// The kind of database engine.
public enum DatabaseKind: String, Sendable {
    case sqlite
    case postgres
}

import Foundation
import Logging
import SextantCore
import SextantStorage
import ServiceLifecycle
import Synchronization

/// Why spans were not accepted.
public enum IngestError: Error, Equatable, CustomStringConvertible {
    /// Too many spans wait to be committed; retry later.
    case overloaded
    /// The server is shutting down.
    case stopped
    /// The commit failed; nothing of the request was stored.
    case storeUnavailable(String)

    public var description: String {
        switch self {
        case .overloaded: return "the ingest queue is full; retry later"
        case .stopped: return "the server is shutting down; retry later"
        case .storeUnavailable(let reason): return "the store did not accept the spans: \(reason)"
        }
    }
}

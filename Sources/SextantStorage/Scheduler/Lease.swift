import Foundation
import SQLKit

/// Who holds a named lease, since when and until when.
public struct Lease: Sendable, Equatable {
    public var name: String
    public var holder: String
    public var acquiredAt: Date
    public var expiresAt: Date
}

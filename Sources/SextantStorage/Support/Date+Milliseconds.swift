import Foundation
import SextantCore

extension Date {
    /// Milliseconds since 1970, the unit timestamps are stored in; a date outside
    /// ``TimeBounds`` (which no request can carry) is stored at the nearest bound.
    var millisecondsSince1970: Int64 {
        Int64((TimeBounds.clamped(self).timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The date of a stored timestamp.
    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// This date as it reads back from the store.
    public var truncatedToMilliseconds: Date {
        Date(millisecondsSince1970: millisecondsSince1970)
    }
}

import Foundation
import SextantCore

/// A rollup and the bucket it fills.
public struct TimedRollup<Rollup: Sendable>: Sendable {
    /// Start of the bucket, in seconds since 1970.
    public var bucket: Int64
    /// The bucket's length in seconds (60 or 3,600).
    public var length: Int64
    public var rollup: Rollup

    public init(bucket: Int64, length: Int64, rollup: Rollup) {
        self.bucket = bucket
        self.length = length
        self.rollup = rollup
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// A body written field by field with `GoJSONWriter`, for answers that can hold many items
/// (a list of 100,000 alerts is written in a fraction of the time `JSONEncoder` takes).
protocol GoJSONWritable {
    func write(to json: inout GoJSONWriter)
}

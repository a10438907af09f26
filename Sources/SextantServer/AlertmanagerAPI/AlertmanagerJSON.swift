import Foundation
import SextantAPI
import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// JSON answers of the v2 API: Sextant's encoder (its times are already written as
/// Alertmanager writes them) under Alertmanager's content type.
enum AlertmanagerJSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONResponse.encoder.encode(value)) ?? Data("null".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
extension AlertmanagerJSON {
    /// A JSON array of `items`.
    static func response(listing items: [some GoJSONWritable]) -> Response {
        var json = GoJSONWriter(capacity: 512 * items.count + 2)
        json.beginArray()
        for item in items { item.write(to: &json) }
        json.endArray()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}

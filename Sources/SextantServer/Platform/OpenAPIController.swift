import Hummingbird
import SextantCore
import Synchronization

/// `GET /openapi.json`: the API contract, made from the routes this server registered, once,
/// when it is first asked for.
struct OpenAPIController {
    let table: RouteTable

    func addRoutes(to routes: Routes) {
        let document = LazyDocument(table: table)
        routes.get("openapi.json", needs: .open) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: document.text)))
        }
    }

    /// The document's text, made on first use: every route is registered by then.
    private final class LazyDocument: Sendable {
        private let table: RouteTable
        private let made = Mutex<String?>(nil)

        init(table: RouteTable) {
            self.table = table
        }

        var text: String {
            made.withLock { made in
                if let made { return made }
                let routes = table.all.map {
                    OpenAPIDocument.Route(method: $0.method, path: $0.path, access: $0.access, body: $0.body?.schema, answer: $0.answer?.schema)
                }
                let text = OpenAPIDocument.make(routes: routes, version: SextantVersion.current).canonicalText
                made = text
                return text
            }
        }
    }
}

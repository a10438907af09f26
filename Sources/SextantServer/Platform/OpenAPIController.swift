import Hummingbird
import SextantCore

/// `GET /openapi.json`: the API contract, made from the routes this server registered.
struct OpenAPIController {
    let table: RouteTable

    func addRoutes(to routes: Routes) {
        routes.get("openapi.json", needs: .open) { _, _ in
            let routes = table.all.map { OpenAPIDocument.Route(method: $0.method, path: $0.path, access: $0.access, body: $0.body, answer: $0.answer) }
            let text = OpenAPIDocument.make(routes: routes, version: SextantVersion.current).canonicalText
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}

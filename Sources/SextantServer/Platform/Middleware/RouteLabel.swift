import Hummingbird
import Logging

/// The route template of a request (`/api/v1/components/{name}`), never its raw path, so that
/// labels stay bounded.
enum RouteLabel {
    static func of(_ context: some RequestContext) -> String {
        switch context.endpointPath {
        case nil, "NotFound"?: return "unmatched"
        case let path?: return path
        }
    }
}

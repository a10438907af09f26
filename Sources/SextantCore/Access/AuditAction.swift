/// The action an audit record names for a request: `create`, `update`, `delete` or `read` by
/// its method, or the verb a route ends in after the resource it acts on
/// (`POST /api/v1/jobs/{name}/run` is `run`).
public enum AuditAction {
    public static func of(method: String, route: String) -> String {
        let segments = route.split(separator: "/")
        if method.uppercased() == "POST", segments.count >= 2, let last = segments.last, !last.hasPrefix("{"),
           segments[segments.count - 2].hasPrefix("{") {
            return String(last)
        }
        switch method.uppercased() {
        case "POST": return "create"
        case "PUT", "PATCH": return "update"
        case "DELETE": return "delete"
        default: return "read"
        }
    }
}

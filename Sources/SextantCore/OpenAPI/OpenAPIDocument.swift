/// Sextant's API contract as an OpenAPI 3.1 document, made from the routes the server registered
/// (so nothing is described that is not served, and nothing served is left out): each route's
/// path parameters, the permission it needs (`x-sextant-permission`, and bearer security unless
/// it is open), its request body, and its answers — among them the error shape every
/// `/api/v1` route answers a refusal with.
public enum OpenAPIDocument {
    /// One registered route.
    public struct Route: Sendable, Equatable {
        public var method: String
        public var path: String
        public var access: RouteAccess
        /// The JSON Schema of the request body, when the route declares its type.
        public var body: JSONValue?
        /// The JSON Schema of a successful answer, when the route declares its type.
        public var answer: JSONValue?

        public init(method: String, path: String, access: RouteAccess, body: JSONValue? = nil, answer: JSONValue? = nil) {
            self.method = method
            self.path = path
            self.access = access
            self.body = body
            self.answer = answer
        }
    }

    /// The OpenAPI path of a route template: `{name}` stays, `**` (the rest of the path, slashes
    /// included) becomes `{path}`.
    public static func path(of template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0 == "**" ? "{path}" : String($0) }
            .joined(separator: "/")
    }

    /// The whole document.
    public static func make(routes: [Route], version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[path(of: route.path), default: [:]][route.method.lowercased()] = operation(route)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("Sextant"),
                "version": .string(version),
                "description": .string("""
                    The reliability control plane's API. Every route but the open ones needs an API key \
                    (`Authorization: Bearer sxk_…`) whose role holds the permission named by x-sextant-permission.
                    """),
            ]),
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object([
                "securitySchemes": .object([
                    "bearer": .object(["type": .string("http"), "scheme": .string("bearer"), "description": .string("An API key, sxk_…")]),
                ]),
                "schemas": .object([
                    "Error": errorSchema,
                ]),
            ]),
        ])
    }

    private enum Family {
        case sextant, alertmanager, ui, telemetryIntake, peerCompatible, plain
    }

    private static func family(of path: String) -> Family {
        if path.hasPrefix("/api/v1/") || path == "/api/v1" { return .sextant }
        if path.hasPrefix("/api/v2/") { return .alertmanager }
        if path == "/ui" || path.hasPrefix("/ui/") || path == "/" { return .ui }
        if path.hasPrefix("/v1/") { return .telemetryIntake }
        if path.hasPrefix("/api/") || path.hasPrefix("/loki/") { return .peerCompatible }
        return .plain
    }

    private static func operation(_ route: Route) -> JSONValue {
        let family = family(of: route.path)
        var operation: [String: JSONValue] = [
            "operationId": .string(operationID(route)),
            "summary": .string("\(route.method) \(route.path)"),
            "tags": .array([.string(tag(route.path, family))]),
            "x-sextant-permission": .string(route.access.description),
        ]
        let parameters = route.path.split(separator: "/").filter { $0.hasPrefix("{") || $0 == "**" }.map { segment -> JSONValue in
            let name = segment == "**" ? "path" : String(segment.dropFirst().dropLast())
            return .object([
                "name": .string(name), "in": .string("path"), "required": .bool(true),
                "schema": .object(["type": .string("string"), "minLength": .number(1)]),
            ])
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if route.access != .open {
            operation["security"] = .array([.object(["bearer": .array([])])])
        }
        // Sextant's own routes declare the type of every body they read; one that declares none reads none.
        if ["POST", "PUT"].contains(route.method), family != .sextant || route.body != nil {
            operation["requestBody"] = requestBody(family, declared: route.body)
        }
        operation["responses"] = .object(responses(route, family))
        return .object(operation)
    }

    private static func requestBody(_ family: Family, declared: JSONValue?) -> JSONValue {
        if let declared {
            return .object(["required": .bool(true), "content": .object(["application/json": .object(["schema": declared])])])
        }
        switch family {
        case .telemetryIntake:
            return .object(["required": .bool(true), "content": .object([
                "application/x-protobuf": .object(["schema": .object(["type": .string("string"), "contentMediaType": .string("application/x-protobuf")])]),
                "application/json": .object(["schema": .object(["type": .string("object")])]),
            ])])
        case .ui:
            return .object(["required": .bool(false), "content": .object([
                "application/x-www-form-urlencoded": .object(["schema": .object(["type": .string("object")])]),
            ])])
        default:
            return .object(["required": .bool(false), "content": .object([
                "application/json": .object(["schema": .object([:])]),
            ])])
        }
    }

    private static func responses(_ route: Route, _ family: Family) -> [String: JSONValue] {
        func json(_ description: String, _ schema: JSONValue) -> JSONValue {
            .object(["description": .string(description), "content": .object(["application/json": .object(["schema": schema])])])
        }
        func described(_ description: String) -> JSONValue { .object(["description": .string(description)]) }
        let sextantError = JSONValue.object(["$ref": .string("#/components/schemas/Error")])
        switch family {
        case .sextant:
            var answers = ["4XX": json("Refused: the error names its code, says why, and names the field at fault.", sextantError)]
            if route.method == "DELETE" && route.answer == nil {
                answers["204"] = described("Deleted; nothing to say.")
            } else {
                answers["2XX"] = json("Done; the body is the resource or the list asked for.", route.answer ?? .object([:]))
            }
            if route.access != .open {
                answers["401"] = json("No key, or a key that is unknown, expired or revoked.", sextantError)
                answers["403"] = json("The key's role does not hold the permission.", sextantError)
            }
            return answers
        case .alertmanager:
            if route.method == "POST" && route.path == "/api/v2/alerts" {
                return ["200": described("Accepted, with an empty body, as Alertmanager answers."),
                        "4XX": described("Refused, as Alertmanager's v2 API refuses: a JSON string, or go-openapi's {code, message}.")]
            }
            return ["2XX": json("As Alertmanager's v2 API answers.", .object([:])),
                    "4XX": described("Refused, as Alertmanager's v2 API refuses: a JSON string, or go-openapi's {code, message}.")]
        case .ui:
            if route.path == "/ui/live.js" {
                return ["200": .object(["description": .string("The UI's script."), "content": .object(["text/javascript": .object([:])])])]
            }
            return ["2XX": .object(["description": .string("An HTML page."), "content": .object(["text/html": .object([:])])]),
                    "3XX": described("A redirect: after a form, or to sign in."),
                    "4XX": described("Refused: an HTML page saying why.")]
        case .telemetryIntake:
            return ["200": described("Committed: every span or record of the request is stored."),
                    "4XX": described("Refused whole: nothing of the request is stored."),
                    "429": described("Over the intake's limits: retry later (Retry-After)."),
                    "503": described("Overloaded or the store is unavailable: retry later.")]
        case .peerCompatible:
            return ["2XX": described("As the peer (Jaeger, Tempo or Loki) answers."),
                    "4XX": described("Refused, as the peer refuses.")]
        case .plain:
            if route.path == "/metrics" {
                return ["200": .object(["description": .string("Prometheus text exposition."), "content": .object(["text/plain": .object([:])])])]
            }
            if route.path == "/openapi.json" {
                return ["200": json("This document.", .object(["type": .string("object")]))]
            }
            return ["200": json("Healthy or ready.", .object(["type": .string("object")])),
                    "503": json("Not healthy or not ready, with the reason.", .object(["type": .string("object")]))]
        }
    }

    private static func tag(_ path: String, _ family: Family) -> String {
        switch family {
        case .sextant: return path.split(separator: "/").dropFirst(2).first.map(String.init) ?? "api"
        case .alertmanager: return "alertmanager"
        case .ui: return "ui"
        case .telemetryIntake: return "otlp"
        case .peerCompatible: return path.hasPrefix("/loki/") ? "loki" : "jaeger-tempo"
        case .plain: return "operations"
        }
    }

    private static func operationID(_ route: Route) -> String {
        var id = route.method.lowercased()
        var capitalizeNext = true
        for character in route.path {
            if character.isLetter || character.isNumber {
                id.append(capitalizeNext ? Character(character.uppercased()) : character)
                capitalizeNext = false
            } else if character == "*" {
                id += capitalizeNext ? "Rest" : ""
                capitalizeNext = true
            } else {
                capitalizeNext = true
            }
        }
        return id
    }

    private static let errorSchema = JSONValue.object([
        "type": .string("object"),
        "required": .array([.string("error")]),
        "properties": .object([
            "error": .object([
                "type": .string("object"),
                "required": .array([.string("code"), .string("message")]),
                "properties": .object([
                    "code": .object(["type": .string("string")]),
                    "message": .object(["type": .string("string")]),
                    "field": .object(["type": .array([.string("string"), .string("null")])]),
                ]),
            ]),
        ]),
    ])
}

import HTTPTypes
import Hummingbird
import SextantCore

/// Where controllers register their routes. Each registration declares the route's access; there
/// is no other way in, so a route without one cannot be registered. The guard checks every
/// request against the declaration before the handler runs.
struct Routes: Sendable {
    /// How denials are written: Sextant's error shape, or Alertmanager's under `/api/v2`.
    enum DenialStyle: Sendable {
        case sextant
        case alertmanager
        /// The web UI's pages: a sign-in page instead of 401, an HTML page for 403.
        case signIn
    }

    private let group: RouterGroup<AppRequestContext>
    private let prefix: String
    private let guarding: AccessGuard
    private let table: RouteTable
    private let style: DenialStyle
    private var version: AccessGuard.VersionReader?

    init(router: Router<AppRequestContext>, guarding: AccessGuard, table: RouteTable) {
        self.init(group: router.group(), prefix: "", guarding: guarding, table: table, style: .sextant)
    }

    private init(group: RouterGroup<AppRequestContext>, prefix: String, guarding: AccessGuard, table: RouteTable, style: DenialStyle,
                 version: AccessGuard.VersionReader? = nil) {
        self.group = group
        self.prefix = prefix
        self.guarding = guarding
        self.table = table
        self.style = style
        self.version = version
    }

    /// The routes under `path`, denying in `style` (the same as these when `nil`).
    func group(_ path: String, denying style: DenialStyle? = nil) -> Routes {
        Routes(group: group.group(RouterPath(path)), prefix: "\(prefix)/\(path)", guarding: guarding, table: table, style: style ?? self.style,
               version: version)
    }

    /// These routes, whose changes the audit trail records with the version `reader` reads
    /// before and after them.
    func versioned(by reader: @escaping AccessGuard.VersionReader) -> Routes {
        var routes = self
        routes.version = reader
        return routes
    }

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    /// Registers `handler` for `method` on `path`, needing `access`; for the API contract
    /// (`/openapi.json`), `accepts` is the type its JSON body is decoded into and `answers` the type
    /// its successful JSON answer is encoded from.
    func on(_ path: String, method: HTTPRequest.Method, needs access: RouteAccess, accepts: (any Decodable.Type)? = nil,
            answers: (any Decodable.Type)? = nil, use handler: @escaping Handler) {
        let route = RouteTable.normalized("\(prefix)/\(path)")
        table.declare(method: method, path: route, access: access, body: accepts.map(ContractType.init), answer: answers.map(ContractType.init))
        let guarding = guarding, style = style, version = version
        if access == .open {
            group.on(RouterPath(path), method: method, use: handler)
            return
        }
        group.on(RouterPath(path), method: method) { request, context in
            try await guarding.respond(to: request, context: context, route: route, access: access, style: style, version: version,
                                       handler: handler)
        }
    }

    func get(_ path: String = "", needs access: RouteAccess, answers: (any Decodable.Type)? = nil, use handler: @escaping Handler) {
        on(path, method: .get, needs: access, answers: answers, use: handler)
    }

    func post(_ path: String = "", needs access: RouteAccess, accepts: (any Decodable.Type)? = nil, answers: (any Decodable.Type)? = nil,
              use handler: @escaping Handler) {
        on(path, method: .post, needs: access, accepts: accepts, answers: answers, use: handler)
    }

    func put(_ path: String = "", needs access: RouteAccess, accepts: (any Decodable.Type)? = nil, answers: (any Decodable.Type)? = nil,
              use handler: @escaping Handler) {
        on(path, method: .put, needs: access, accepts: accepts, answers: answers, use: handler)
    }

    func delete(_ path: String = "", needs access: RouteAccess, answers: (any Decodable.Type)? = nil, use handler: @escaping Handler) {
        on(path, method: .delete, needs: access, answers: answers, use: handler)
    }
}

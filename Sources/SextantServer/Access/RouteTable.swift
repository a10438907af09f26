import HTTPTypes
import Hummingbird
import SextantCore
import Synchronization

/// Every route's declared access, as it was registered: what README's route table prints and
/// what the application checks the router against before it serves.
public final class RouteTable: Sendable {
    /// One registered route.
    public struct Entry: Sendable, Hashable, Comparable {
        public let method: String
        public let path: String
        public let access: RouteAccess
        /// The type the route's JSON body is decoded into, when declared.
        public let body: ContractType?
        /// The type the route's successful answer is encoded from, when declared.
        public let answer: ContractType?

        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.path, lhs.method) < (rhs.path, rhs.method)
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Routes whose declared body or answer type yields no schema (a type that checks its values when
    /// decoded and gives no example): the contract would describe them as any JSON value.
    public var undescribedAnswers: [String] {
        all.filter { $0.body?.schema == nil && $0.body != nil || $0.answer?.schema == nil && $0.answer != nil }
            .map { "\($0.method) \($0.path)" }
    }

    public init() {}

    /// Every declared route, by path then method.
    public var all: [Entry] {
        entries.withLock { Array($0.values) }.sorted()
    }

    /// The access declared for `method` on `path` (a route template), if any.
    public func access(method: String, path: String) -> RouteAccess? {
        entries.withLock { $0[Self.key(method, path)]?.access }
    }

    func declare(method: HTTPRequest.Method, path: String, access: RouteAccess, body: ContractType? = nil, answer: ContractType? = nil) {
        let entry = Entry(method: method.rawValue, path: Self.normalized(path), access: access, body: body, answer: answer)
        entries.withLock { $0[Self.key(entry.method, entry.path)] = entry }
    }

    /// Throws unless every route `router` holds was declared here.
    func requireDeclarations(for router: Router<AppRequestContext>) throws {
        let undeclared = router.routes.filter { access(method: $0.method.rawValue, path: $0.path.description) == nil }
        guard undeclared.isEmpty else { throw UndeclaredRoutes(routes: undeclared.map(\.description)) }
    }

    /// `/a/b/{c}`: one leading slash, none trailing.
    static func normalized(_ path: String) -> String {
        "/" + path.split(separator: "/").joined(separator: "/")
    }

    private static func key(_ method: String, _ path: String) -> String {
        "\(method) \(normalized(path))"
    }
}

/// Routes that were registered without declaring their access: the application refuses to start.
struct UndeclaredRoutes: Error, CustomStringConvertible {
    let routes: [String]
    var description: String { "routes registered without a declared access: \(routes.joined(separator: ", "))" }
}

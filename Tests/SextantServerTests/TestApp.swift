import SQLKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import SextantCore
import SextantServer
import SextantStorage
import SextantTestSupport

/// Runs `test` against a fresh application on a fresh database of `backend`.
func withTestApp(
    _ backend: TestBackend = .sqlite,
    logger: Logger = .quiet,
    configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
    clock: any WallClock = SystemClock(),
    _ test: @escaping @Sendable (any TestClientProtocol, AppEnvironment) async throws -> Void
) async throws {
    try await withMigratedEngine(backend) { engine, _ in
        var configuration = ServerConfiguration()
        configure(&configuration)
        let environment = AppEnvironment(configuration: configuration, engine: engine, registry: PrometheusCollectorRegistry(), clock: clock)
        environment.readiness.markMigrated()
        try await buildApplication(environment, logger: logger).test(.router) { client in
            try await test(keyed(client, environment), environment)
        }
    }
}

/// Creates a key of `role` directly in the environment's store; returns its text.
func createKey(_ role: Role, name: String, expiresAt: Date? = nil, in environment: AppEnvironment) async throws -> String {
    var random = SystemRandomNumberGenerator()
    let key = APIKeyText.generate(using: &random)
    try await environment.apiKeys.createKey(APIKeyRecord(id: key.id, name: name, role: role, expiresAt: expiresAt, createdBy: "test",
                                                         createdAt: Date(), secretHash: key.secretHash))
    return key.text
}

/// `client`, sending a new admin key of `environment`'s store.
func keyed(_ client: any TestClientProtocol, _ environment: AppEnvironment) async throws -> KeyedTestClient {
    KeyedTestClient(inner: client, key: try await createKey(.admin, name: "test-admin", in: environment))
}

/// A test client that sends `key` with every request that carries no `Authorization` of its own
/// (an empty one is sent as it is: no key).
struct KeyedTestClient: TestClientProtocol {
    let inner: any TestClientProtocol
    let key: String

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if headers[.authorization] == nil {
            headers[.authorization] = "Bearer \(key)"
        } else if headers[.authorization] == "" {
            headers[.authorization] = nil
        }
        return try await inner.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { inner.port }
}

/// The repository's root, for reading `examples/`.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The text of `examples/catalog.yaml`.
func exampleCatalog() throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("examples/catalog.yaml"), encoding: .utf8)
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String {
        String(buffer: body)
    }

    /// The `error` object of an error answer.
    var error: (code: String?, message: String?, field: String?) {
        let error = json["error"] as? [String: Any]
        return (error?["code"] as? String, error?["message"] as? String, error?["field"] as? String)
    }
}

extension TestClientProtocol {
    /// Sends `body` as JSON (or with the given content type).
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, contentType: String? = "application/json",
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = headers
        if body != nil, let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

/// A component document in JSON.
func componentJSON(_ name: String, owner: String = "team-a", tier: Int = 2, dependencies: String = "[]") -> String {
    #"{"name":"\#(name)","owner":"\#(owner)","tier":\#(tier),"dependencies":\#(dependencies)}"#
}

/// An engine whose database never answers, for the unhealthy paths.
struct UnreachableEngine: SQLEngine {
    let kind = DatabaseKind.postgres
    let unreadableRows = UnreadableRows(logger: Logger(label: "test"))
    static let failure = StoreError.unavailable("connection refused")

    func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result { throw Self.failure }
    func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result { throw Self.failure }
    func writeStatement(_ statement: SQLQueryString) async throws { throw Self.failure }
    func readByPosition(_ query: SQLQueryString) async throws -> SQLValueRows { throw Self.failure }
    func withSession<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result { throw Self.failure }
    func ping() async throws { throw Self.failure }
    func run() async throws {}
}

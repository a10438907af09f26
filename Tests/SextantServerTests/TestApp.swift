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
            try await test(client, environment)
        }
    }
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
    func withSession<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result { throw Self.failure }
    func ping() async throws { throw Self.failure }
    func run() async throws {}
}

import Hummingbird
import SextantCore
import SextantStorage

/// Liveness and readiness: `/health` and `/ready`.
struct HealthController {
    let environment: AppEnvironment

    /// How long the store may take to answer a health check.
    static let storeTimeout = Duration.seconds(2)

    struct HealthResponse: Encodable {
        let status: String
        let version: String
        let uptimeSeconds: Double
        let checks: [String: String]
    }

    struct ReadyResponse: Encodable {
        let status: String
        let reason: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/health", use: health)
        router.get("/ready", use: ready)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        let store = await storeCheck()
        let uptime = environment.clock.now().timeIntervalSince(environment.startedAt)
        let body = HealthResponse(
            status: store == nil ? "healthy" : "unhealthy",
            version: SextantVersion.current,
            uptimeSeconds: (uptime * 1000).rounded() / 1000,
            checks: ["store": store.map { "error: \($0)" } ?? "ok"]
        )
        return try JSONResponse.make(body, status: store == nil ? .ok : .serviceUnavailable)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        var reason = environment.readiness.blockingReason
        if reason == nil, let store = await storeCheck() { reason = "store unavailable: \(store)" }
        return try JSONResponse.make(
            ReadyResponse(status: reason == nil ? "ready" : "not_ready", reason: reason),
            status: reason == nil ? .ok : .serviceUnavailable
        )
    }

    /// `nil` when the store answers in time, else why not.
    private func storeCheck() async -> String? {
        let engine = environment.engine
        do {
            try await withTimeout(Self.storeTimeout) { try await engine.ping() }
            return nil
        } catch is TimeoutError {
            return "no answer within \(Self.storeTimeout)"
        } catch let error as StoreError {
            return error.description
        } catch {
            return PostgresEngine.describe(error)
        }
    }
}

/// An operation took longer than allowed.
struct TimeoutError: Error {}

/// Runs `operation`, throwing ``TimeoutError`` if it takes longer than `timeout`.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

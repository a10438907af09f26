import ServiceLifecycle

/// Runs an action once graceful shutdown reaches it (or the group is cancelled).
struct ShutdownAction: Service {
    let action: @Sendable () async -> Void

    func run() async throws {
        try? await gracefulShutdown()
        await action()
    }
}

import SextantCore

/// The demo topology, the same as `examples/catalog.yaml` (a test keeps the two equal).
enum DemoCatalog {
    static let components: [Component] = [
        Component(
            name: "frontend", version: "2.3.0", owner: "team-web", tier: 1, healthEndpoint: "http://127.0.0.1:3000/health",
            labels: ["team": "web", "language": "typescript"],
            dependencies: [Dependency(name: "api-service", type: .internalService, isCritical: true, hasFallback: false)]
        ),
        Component(
            name: "api-service", version: "1.8.2", owner: "team-core", tier: 1, healthEndpoint: "http://127.0.0.1:8081/health",
            metricsEndpoint: "http://127.0.0.1:8081/metrics", labels: ["team": "core", "language": "go"],
            dependencies: [
                Dependency(name: "postgres", type: .database, isCritical: true, hasFallback: false),
                Dependency(name: "redis", type: .cache, isCritical: true, hasFallback: true),
                Dependency(name: "auth-service", type: .internalService, isCritical: true, hasFallback: false),
            ]
        ),
        Component(
            name: "auth-service", version: "3.0.1", owner: "team-identity", tier: 1, healthEndpoint: "http://127.0.0.1:8082/health",
            labels: ["team": "identity", "language": "go"],
            dependencies: [
                Dependency(name: "postgres", type: .database, isCritical: true, hasFallback: false),
                Dependency(name: "redis", type: .cache, isCritical: true, hasFallback: true),
            ]
        ),
        Component(
            name: "worker-service", version: "0.9.4", owner: "team-core", tier: 2, healthEndpoint: "http://127.0.0.1:8083/health",
            labels: ["team": "core", "language": "python"],
            dependencies: [
                Dependency(name: "rabbitmq", type: .messageQueue, isCritical: true, hasFallback: false),
                Dependency(name: "postgres", type: .database, isCritical: true, hasFallback: false),
                Dependency(name: "external-api", type: .externalAPI, isCritical: false, hasFallback: true),
            ]
        ),
    ]
}

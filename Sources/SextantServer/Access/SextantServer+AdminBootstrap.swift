import Logging
import Prometheus
import SextantCore
import SextantStorage

extension SextantServer {
    /// `sextant admin bootstrap`: creates an admin key directly in the store (for when every
    /// admin key is lost), writes it to `admin.key`, shows it once and audits it.
    public static func bootstrapAdmin(configuration: ServerConfiguration, logger: Logger) async throws -> APIKeyText {
        let location = try DatabaseLocation.resolve(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory)
        return try await withOpenStore(location, logger: logger) { engine in
            _ = try await Migrator(engine: engine, logger: logger).migrate()
            var environment = AppEnvironment(configuration: configuration, engine: engine, registry: PrometheusCollectorRegistry())
            environment.auditKey = try AccessFiles.auditKey(configuration)
            return try await AdminBootstrap.createAdminKey(environment, by: "sextant admin bootstrap")
        }
    }
}

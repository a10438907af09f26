import Foundation
import SextantStorage

/// PostgreSQL's own `pg_dump` and `pg_restore`, found on the `PATH` or in Debian's
/// `/usr/lib/postgresql/<version>/bin` (the newest there), given the password through
/// `PGPASSWORD` so that it never shows in a process listing.
enum PostgresTools {
    /// How long a dump or a restore may take.
    static let timeout: Double = 6 * 3_600

    /// The path of `program`, or `nil` when it is not installed.
    static func locate(_ program: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes a custom-format dump of the database to `file`: one consistent snapshot.
    static func dump(_ settings: PostgresSettings, to file: String) async throws {
        try await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", file, "--dbname", uri(settings)], settings)
    }

    /// Restores a custom-format dump into the (empty) database, all or nothing.
    static func restore(_ file: String, into settings: PostgresSettings) async throws {
        try await run("pg_restore", ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", uri(settings), file], settings)
    }

    private static func run(_ program: String, _ arguments: [String], _ settings: PostgresSettings) async throws {
        guard let path = locate(program) else {
            throw StoreBackup.Failure("\(program) is not installed (Debian's postgresql-client); it is needed to back up and restore PostgreSQL")
        }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        if let password = settings.password { environment["PGPASSWORD"] = password }
        environment["PGCONNECT_TIMEOUT"] = "10"
        let outcome = try await ProgramRun.run(path, arguments: arguments, environment: environment, timeout: timeout)
        guard outcome.succeeded else { throw StoreBackup.Failure("\(program) \(outcome.problem)") }
    }

    /// A libpq URI without the password.
    static func uri(_ settings: PostgresSettings) -> String {
        var components = URLComponents()
        components.scheme = "postgresql"
        components.user = settings.username
        components.host = settings.host
        components.port = settings.port
        components.path = "/" + settings.database
        components.queryItems = [URLQueryItem(name: "sslmode", value: settings.tls.rawValue)]
        return components.string ?? "postgresql://\(settings.host)"
    }
}

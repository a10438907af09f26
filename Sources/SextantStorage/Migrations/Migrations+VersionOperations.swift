extension Migration {
    /// 11: RED per operation of each service version, beside the per-service `version_rollups`.
    static let versionOperations = Migration(version: 11, name: "version operations", statements: [
        """
        CREATE TABLE operation_version_rollups (
            service TEXT NOT NULL,
            version TEXT NOT NULL,
            operation TEXT NOT NULL,
            kind INTEGER NOT NULL,
            resolution INTEGER NOT NULL,
            bucket BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            server_errors BIGINT NOT NULL,
            latency_sum DOUBLE PRECISION NOT NULL,
            \((0..<15).map { "l\($0) BIGINT NOT NULL" }.joined(separator: ",\n    ")),
            PRIMARY KEY (service, version, operation, kind, resolution, bucket)
        )
        """,
        "CREATE INDEX operation_version_rollups_time ON operation_version_rollups (resolution, bucket)",
    ])
}

extension Migration {
    /// 9: deployments. Each deployment's row (its request as JSON, and a summary kept with every
    /// event for lists), its events in order (the state machine is their replay), its analysis
    /// measurements, and RED rollups per service version. At most one deployment of a service is
    /// active (a partial unique index, so that replicas cannot start two).
    static let deployments = Migration(version: 9, name: "deployments", statements: [
        """
        CREATE TABLE deployments (
            id TEXT PRIMARY KEY,
            service TEXT NOT NULL,
            version TEXT NOT NULL,
            stable_version TEXT,
            strategy TEXT NOT NULL,
            spec TEXT NOT NULL,
            phase TEXT NOT NULL,
            rolled_back BOOLEAN NOT NULL,
            step INTEGER NOT NULL,
            weight INTEGER NOT NULL,
            reason TEXT,
            active BOOLEAN NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            finished_at BIGINT,
            event_count INTEGER NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX deployments_one_active ON deployments (service) WHERE active",
        "CREATE INDEX deployments_by_time ON deployments (created_at)",
        """
        CREATE TABLE deployment_events (
            deployment_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            at BIGINT NOT NULL,
            event TEXT NOT NULL,
            PRIMARY KEY (deployment_id, sequence)
        )
        """,
        """
        CREATE TABLE deployment_measurements (
            deployment_id TEXT NOT NULL,
            run INTEGER NOT NULL,
            metric INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            at BIGINT NOT NULL,
            value DOUBLE PRECISION,
            phase TEXT NOT NULL,
            message TEXT,
            PRIMARY KEY (deployment_id, run, metric, sequence)
        )
        """,
        """
        CREATE TABLE version_rollups (
            service TEXT NOT NULL,
            version TEXT NOT NULL,
            resolution INTEGER NOT NULL,
            bucket BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            server_errors BIGINT NOT NULL,
            latency_sum DOUBLE PRECISION NOT NULL,
            \((0..<15).map { "l\($0) BIGINT NOT NULL" }.joined(separator: ",\n    ")),
            PRIMARY KEY (service, version, resolution, bucket)
        )
        """,
        "CREATE INDEX version_rollups_time ON version_rollups (resolution, bucket)",
    ])
}

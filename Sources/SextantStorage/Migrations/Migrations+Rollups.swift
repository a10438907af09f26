extension Migration {
    /// 2: rollups. The ingest log (acknowledged batches not yet folded into rollups, one row
    /// per group commit); rollups of spans per operation and of calls per edge, at 1-minute and
    /// 1-hour resolution (the `resolution` column, in seconds), with latency histograms in
    /// fixed buckets (columns `*0` … `*14`, bounds in `LatencyHistogram.bounds`); and the
    /// edges and services seen, with when they were first and last seen (edges also by where they
    /// were seen — traces or Prometheus — and whether they went stale).
    static let rollups = Migration(version: 2, name: "telemetry", statements: [
        "CREATE TABLE ingest_batches (id INTEGER PRIMARY KEY AUTOINCREMENT, payload BLOB NOT NULL, created_at BIGINT NOT NULL)",
    ] + telemetryTables, postgresStatements: [
        "CREATE TABLE ingest_batches (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload BYTEA NOT NULL, created_at BIGINT NOT NULL)",
    ] + telemetryTables)

    private static let telemetryTables = [
        """
        CREATE TABLE operation_rollups (
            service TEXT NOT NULL,
            operation TEXT NOT NULL,
            kind INTEGER NOT NULL,
            resolution INTEGER NOT NULL,
            bucket BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            server_errors BIGINT NOT NULL,
            latency_sum DOUBLE PRECISION NOT NULL,
            l0 BIGINT NOT NULL,
            l1 BIGINT NOT NULL,
            l2 BIGINT NOT NULL,
            l3 BIGINT NOT NULL,
            l4 BIGINT NOT NULL,
            l5 BIGINT NOT NULL,
            l6 BIGINT NOT NULL,
            l7 BIGINT NOT NULL,
            l8 BIGINT NOT NULL,
            l9 BIGINT NOT NULL,
            l10 BIGINT NOT NULL,
            l11 BIGINT NOT NULL,
            l12 BIGINT NOT NULL,
            l13 BIGINT NOT NULL,
            l14 BIGINT NOT NULL,
            PRIMARY KEY (service, operation, kind, resolution, bucket)
        )
        """,
        "CREATE INDEX operation_rollups_time ON operation_rollups (resolution, bucket)",
        """
        CREATE TABLE edge_rollups (
            client TEXT NOT NULL,
            server TEXT NOT NULL,
            connection_type TEXT NOT NULL,
            resolution INTEGER NOT NULL,
            bucket BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            server_latency_sum DOUBLE PRECISION NOT NULL,
            s0 BIGINT NOT NULL,
            s1 BIGINT NOT NULL,
            s2 BIGINT NOT NULL,
            s3 BIGINT NOT NULL,
            s4 BIGINT NOT NULL,
            s5 BIGINT NOT NULL,
            s6 BIGINT NOT NULL,
            s7 BIGINT NOT NULL,
            s8 BIGINT NOT NULL,
            s9 BIGINT NOT NULL,
            s10 BIGINT NOT NULL,
            s11 BIGINT NOT NULL,
            s12 BIGINT NOT NULL,
            s13 BIGINT NOT NULL,
            s14 BIGINT NOT NULL,
            client_latency_sum DOUBLE PRECISION NOT NULL,
            c0 BIGINT NOT NULL,
            c1 BIGINT NOT NULL,
            c2 BIGINT NOT NULL,
            c3 BIGINT NOT NULL,
            c4 BIGINT NOT NULL,
            c5 BIGINT NOT NULL,
            c6 BIGINT NOT NULL,
            c7 BIGINT NOT NULL,
            c8 BIGINT NOT NULL,
            c9 BIGINT NOT NULL,
            c10 BIGINT NOT NULL,
            c11 BIGINT NOT NULL,
            c12 BIGINT NOT NULL,
            c13 BIGINT NOT NULL,
            c14 BIGINT NOT NULL,
            PRIMARY KEY (client, server, connection_type, resolution, bucket)
        )
        """,
        "CREATE INDEX edge_rollups_time ON edge_rollups (resolution, bucket)",
        """
        CREATE TABLE observed_edges (
            client TEXT NOT NULL,
            server TEXT NOT NULL,
            connection_type TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('traces', 'prometheus')),
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            stale BOOLEAN NOT NULL,
            PRIMARY KEY (client, server, connection_type, origin)
        )
        """,
        """
        CREATE TABLE observed_services (
            service TEXT PRIMARY KEY,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL
        )
        """,
    ]
}

extension Migration {
    /// 16: operation rollups by service and time, so that reading one service's newest buckets
    /// (an objective's series read again after its service was idle) reads those rows only; the
    /// primary key leads with the operation after the service, which made such a read go through
    /// every row the service has. Without the resolution: an index with it is used only when
    /// the read names the resolutions, and the embedded SQLite then reads through the index on
    /// (resolution, bucket) instead — every service's rows of that time.
    static let operationRollupsByServiceTime = Migration(
        version: 16, name: "operation rollups by service and time",
        statements: ["CREATE INDEX operation_rollups_service_time ON operation_rollups (service, bucket)"]
    )
}

extension Migration {
    /// 17: every operation's hourly series (`operation_hours`): the hours of its minutes, kept
    /// summed by the fold in the same transaction, and its hour buckets, until they expire. A long
    /// series — an objective's window — reads one row an hour from here instead of summing sixty
    /// minutes, a service's hours in order of time by the primary key; indexed by time alone for
    /// the retention pass. Filled from the rollups already stored.
    static let operationHours = Migration(version: 17, name: "hourly operation series", statements: [
        """
        CREATE TABLE operation_hours (
            service TEXT NOT NULL,
            operation TEXT NOT NULL,
            kind INTEGER NOT NULL,
            bucket BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            server_errors BIGINT NOT NULL,
            latency_sum DOUBLE PRECISION NOT NULL,
            l0 BIGINT NOT NULL,
            l1 BIGINT NOT NULL,
            l2 BIGINT NOT NULL,
            l3 BIGINT NOT NULL,
            l4 BIGINT NOT NULL,
            l5 BIGINT NOT NULL,
            l6 BIGINT NOT NULL,
            l7 BIGINT NOT NULL,
            l8 BIGINT NOT NULL,
            l9 BIGINT NOT NULL,
            l10 BIGINT NOT NULL,
            l11 BIGINT NOT NULL,
            l12 BIGINT NOT NULL,
            l13 BIGINT NOT NULL,
            l14 BIGINT NOT NULL,
            PRIMARY KEY (service, bucket, operation, kind)
        )
        """,
        """
        INSERT INTO operation_hours (service, operation, kind, bucket, requests, errors, server_errors, latency_sum, \
        l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14)
        SELECT service, operation, kind, bucket - bucket % 3600, SUM(requests), SUM(errors), SUM(server_errors), SUM(latency_sum), \
        SUM(l0), SUM(l1), SUM(l2), SUM(l3), SUM(l4), SUM(l5), SUM(l6), SUM(l7), SUM(l8), SUM(l9), SUM(l10), SUM(l11), SUM(l12), SUM(l13), SUM(l14)
        FROM operation_rollups GROUP BY service, operation, kind, bucket - bucket % 3600
        """,
        "CREATE INDEX operation_hours_time ON operation_hours (bucket)",
    ])
}

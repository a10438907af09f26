extension Migration {
    /// 3: the scheduler and the cluster. Job runs (a scheduled tick is claimed once, by the unique
    /// index on job and tick), replicas with their heartbeats, and named leases with a holder and
    /// an expiry (the scheduler's leadership).
    static let scheduler = Migration(
        version: 3, name: "scheduler",
        statements: [jobRuns(id: "id INTEGER PRIMARY KEY AUTOINCREMENT")] + schedulerTables,
        postgresStatements: [jobRuns(id: "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")] + schedulerTables
    )

    /// The runs table; only the auto-numbered id is written differently by the two engines.
    private static func jobRuns(id: String) -> String {
        """
        CREATE TABLE job_runs (
            \(id),
            job TEXT NOT NULL,
            trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual')),
            scheduled_for BIGINT,
            replica TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            finished_at BIGINT,
            outcome TEXT NOT NULL,
            message TEXT
        )
        """
    }

    private static let schedulerTables = [
        "CREATE UNIQUE INDEX job_runs_tick ON job_runs (job, scheduled_for) WHERE trigger = 'schedule'",
        "CREATE INDEX job_runs_by_job ON job_runs (job, id)",
        """
        CREATE TABLE cluster_replicas (
            id TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at BIGINT NOT NULL,
            last_heartbeat BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE cluster_leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
    ]
}

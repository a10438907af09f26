extension Migration {
    /// 4: objectives and the states of their alert conditions. A definition is kept as the JSON
    /// it was accepted as; each condition's state is one row, so it survives restarts and
    /// moves with leadership.
    static let slos = Migration(
        version: 4, name: "slos",
        statements: [
            """
            CREATE TABLE slos (
                id TEXT PRIMARY KEY,
                service TEXT NOT NULL,
                name TEXT NOT NULL,
                definition TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX slos_by_service ON slos (service)",
            """
            CREATE TABLE slo_alerts (
                slo_id TEXT NOT NULL,
                condition TEXT NOT NULL,
                severity TEXT NOT NULL,
                phase TEXT NOT NULL CHECK (phase IN ('inactive', 'pending', 'firing')),
                since BIGINT,
                active_since BIGINT,
                resolved_at BIGINT,
                value DOUBLE PRECISION,
                evaluated_at BIGINT NOT NULL,
                PRIMARY KEY (slo_id, condition)
            )
            """,
        ]
    )
}

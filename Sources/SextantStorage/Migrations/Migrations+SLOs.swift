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

extension Migration {
    /// 18: the objectives' revision, one row, raised in every transaction that changes an
    /// objective, so that a listing unchanged since the last is answered from memory instead of
    /// reading and decoding every definition again (the evaluator lists them all every cycle).
    static let sloDefinitionsRevision = Migration(
        version: 18, name: "slo definitions revision",
        statements: [
            "CREATE TABLE slo_definitions_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)",
            "INSERT INTO slo_definitions_revision (id, revision) VALUES (1, 0)",
        ]
    )
}

extension Migration {
    /// 1: the component catalog, its labels and declared dependencies, and a revision counter
    /// that every catalog change bumps (so replicas can tell when a cached graph is stale).
    static let catalog = Migration(version: 1, name: "catalog", statements: [
        """
        CREATE TABLE components (
            name TEXT PRIMARY KEY,
            version TEXT,
            owner TEXT NOT NULL,
            tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 4),
            lifecycle TEXT NOT NULL,
            health_endpoint TEXT,
            metrics_endpoint TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX components_owner ON components (owner)",
        "CREATE INDEX components_tier ON components (tier)",
        """
        CREATE TABLE component_labels (
            component TEXT NOT NULL REFERENCES components (name) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (component, key)
        )
        """,
        "CREATE INDEX component_labels_key_value ON component_labels (key, value)",
        """
        CREATE TABLE component_dependencies (
            component TEXT NOT NULL REFERENCES components (name) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            dependency TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('database', 'cache', 'messageQueue', 'externalAPI', 'internalService')),
            critical BOOLEAN NOT NULL,
            fallback_available BOOLEAN NOT NULL,
            PRIMARY KEY (component, dependency)
        )
        """,
        "CREATE INDEX component_dependencies_dependency ON component_dependencies (dependency)",
        """
        CREATE TABLE catalog_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            revision BIGINT NOT NULL
        )
        """,
        "INSERT INTO catalog_state (id, revision) VALUES (1, 0)",
    ])
}

extension Migration {
    /// 13: environments, versioned configuration and encrypted secrets. Every configuration
    /// write is a row of `config_versions` (a tombstone has no value) numbered per key, with the
    /// change index it took from the one-row `config_index` (taken first, so writes queue on
    /// that row and a check-and-set reads the newest head); `config_heads` says where each key
    /// stands. Secret versions hold only ciphertext and the wrapped data key; the keyring of
    /// key-encryption keys is one sealed row.
    static let configuration = Migration(version: 13, name: "configuration and secrets", statements: [
        """
        CREATE TABLE environments (
            name TEXT PRIMARY KEY,
            protected BOOLEAN NOT NULL,
            description TEXT,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE config_versions (
            environment TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            value TEXT,
            change_index BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            promoted_from TEXT,
            PRIMARY KEY (environment, key, version)
        )
        """,
        """
        CREATE TABLE config_heads (
            environment TEXT NOT NULL,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            deleted BOOLEAN NOT NULL,
            change_index BIGINT NOT NULL,
            PRIMARY KEY (environment, key)
        )
        """,
        "CREATE TABLE config_index (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)",
        "INSERT INTO config_index (id, value) VALUES (1, 0)",
        """
        CREATE TABLE config_schemas (
            name TEXT PRIMARY KEY,
            applies_to TEXT NOT NULL,
            document TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE secret_versions (
            environment TEXT NOT NULL,
            path TEXT NOT NULL,
            version INTEGER NOT NULL,
            ciphertext TEXT NOT NULL,
            wrapped_key TEXT NOT NULL,
            key_version INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            deleted_at BIGINT,
            destroyed BOOLEAN NOT NULL,
            PRIMARY KEY (environment, path, version)
        )
        """,
        """
        CREATE TABLE secret_keyring (
            id INTEGER PRIMARY KEY,
            body TEXT NOT NULL,
            revision INTEGER NOT NULL
        )
        """,
    ])
}

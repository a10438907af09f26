extension Migration {
    /// 12: every gate evaluation of a deployment or a workflow's gate step (`subject`), runs of
    /// the same outcome folded into one row that counts them.
    static let gateEvaluations = Migration(version: 12, name: "gate evaluations", statements: [
        """
        CREATE TABLE gate_evaluations (
            subject TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            first_at BIGINT NOT NULL,
            last_at BIGINT NOT NULL,
            evaluations INTEGER NOT NULL,
            failures TEXT NOT NULL,
            PRIMARY KEY (subject, sequence)
        )
        """,
    ])
}

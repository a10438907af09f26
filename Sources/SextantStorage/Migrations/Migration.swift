/// One numbered step of the schema, written in SQL; never edited once shipped.
public struct Migration: Sendable {
    /// The step's number; steps apply in increasing order, each once.
    public let version: Int
    /// A short description, recorded with the step.
    public let name: String
    /// Statements that work on both engines.
    public let statements: [String]
    /// Statements for PostgreSQL where they must differ; `nil` when `statements` serve both.
    public let postgresStatements: [String]?

    /// Creates a step.
    public init(version: Int, name: String, statements: [String], postgresStatements: [String]? = nil) {
        self.version = version
        self.name = name
        self.statements = statements
        self.postgresStatements = postgresStatements
    }

    /// The statements to run on `kind`.
    func statements(for kind: DatabaseKind) -> [String] {
        kind == .postgres ? (postgresStatements ?? statements) : statements
    }
}

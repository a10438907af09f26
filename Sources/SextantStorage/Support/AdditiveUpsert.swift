import SQLKit

/// `INSERT … VALUES (…), (…) ON CONFLICT (key) DO UPDATE SET c = t.c + excluded.c, …`, the same
/// text on SQLite and PostgreSQL, built as one flat query string (no nested fragments).
struct AdditiveUpsert {
    let table: String
    let columns: [String]
    let conflictColumns: [String]
    /// Columns whose stored value grows by the inserted one.
    let additiveColumns: [String]
    /// Further assignments for the update, in SQL (`last_seen = …`).
    var otherAssignments: [String] = []

    /// Rows per statement, far below both engines' limits on bound parameters.
    var rowsPerStatement: Int { max(1, 8_000 / columns.count) }

    /// Runs the upsert for `rows` (each in `columns` order), in as many statements as needed.
    func run(_ rows: [[any Encodable & Sendable]], on database: any SQLDatabase) async throws {
        for batch in rows.chunked(into: rowsPerStatement) {
            try await database.raw(statement(for: batch)).run()
        }
    }

    private func statement(for rows: ArraySlice<[any Encodable & Sendable]>) -> SQLQueryString {
        var query = BulkInsert.values(table: table, columns: columns, rows: rows)
        let assignments = additiveColumns.map { "\($0) = \(table).\($0) + excluded.\($0)" } + otherAssignments
        let conflict: String = " ON CONFLICT (\(conflictColumns.joined(separator: ", "))) DO UPDATE SET \(assignments.joined(separator: ", "))"
        query.appendLiteral(conflict)
        return query
    }
}

/// `INSERT INTO t (…) VALUES (…), (…)` with every value bound, in statements of a bounded number
/// of parameters, followed by `suffix` (e.g. `ON CONFLICT DO NOTHING`).
struct BulkInsert {
    let table: String
    let columns: [String]
    var suffix = ""

    func run(_ rows: [[any Encodable & Sendable]], on database: any SQLDatabase) async throws {
        for batch in rows.chunked(into: max(1, 8_000 / columns.count)) {
            var query = Self.values(table: table, columns: columns, rows: batch)
            if !suffix.isEmpty { query.appendLiteral(" " + suffix) }
            try await database.raw(query).run()
        }
    }

    static func values(table: String, columns: [String], rows: ArraySlice<[any Encodable & Sendable]>) -> SQLQueryString {
        let insert: String = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var query = SQLQueryString(insert)
        for (rowIndex, row) in rows.enumerated() {
            query.appendLiteral(rowIndex == 0 ? "(" : ", (")
            for (index, value) in row.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: value)
            }
            query.appendLiteral(")")
        }
        return query
    }
}

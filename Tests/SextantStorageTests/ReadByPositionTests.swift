import Foundation
import SQLKit
import Testing
import SextantStorage
import SextantTestSupport

/// Reads by position answer each column's value as the engine holds it, whatever the engine.
@Suite("Reads by position")
struct ReadByPositionTests {
    @Test(arguments: TestBackend.available)
    func valuesComeInColumnOrderWithTheirTypes(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            try await engine.writeStatement("CREATE TABLE read_by_position (name TEXT NOT NULL, count BIGINT NOT NULL, ratio DOUBLE PRECISION, small INTEGER)")
            try await engine.writeStatement("""
                INSERT INTO read_by_position (name, count, ratio, small) VALUES ('a', 9007199254740993, 0.25, 7), ('b', -1, NULL, NULL), ('c', 3, 1.5, 2)
                """)
            let rows = try await engine.readByPosition("""
                SELECT name, count, ratio, small, CAST(SUM(count) OVER () AS BIGINT) FROM read_by_position \
                WHERE count > \(bind: Int64(-5)) AND name <> \(bind: "c") AND (ratio IS NULL OR ratio < \(bind: 1.0)) ORDER BY name
                """)
            #expect(rows.columnCount == 5 && rows.count == 2)
            #expect(Array(rows[0]) == [.text("a"), .integer(9_007_199_254_740_993), .real(0.25), .integer(7), .integer(9_007_199_254_740_992)])
            #expect(Array(rows[1]) == [.text("b"), .integer(-1), .null, .null, .integer(9_007_199_254_740_992)])
            #expect(rows[0][rows[0].startIndex + 2].integer == nil && rows[0][rows[0].startIndex + 3].real == 7)

            let none = try await engine.readByPosition("SELECT name FROM read_by_position WHERE name = \(bind: "z")")
            #expect(none.count == 0)
            await #expect(throws: (any Error).self) {
                _ = try await engine.readByPosition("SELECT name FROM read_by_position WHERE name = \(bind: Date())")
            }
        }
    }

    /// The same statement read again (SQLite keeps it prepared) binds its new values, sees rows
    /// written since and a changed table, and holds no snapshot between reads; many statements
    /// and a failing one leave the reads answering.
    @Test(arguments: TestBackend.available)
    func aStatementReadAgainSeesNewValuesRowsAndColumns(_ backend: TestBackend) async throws {
        try await withMigratedEngine(backend) { engine, _ in
            try await engine.writeStatement("CREATE TABLE read_again (name TEXT NOT NULL, count BIGINT NOT NULL)")
            try await engine.writeStatement("INSERT INTO read_again (name, count) VALUES ('a', 1), ('b', 2)")
            func counts(_ name: String) async throws -> [Int64] {
                let rows = try await engine.readByPosition("SELECT count FROM read_again WHERE name = \(bind: name) ORDER BY count")
                return (0..<rows.count).compactMap { rows[$0].first?.integer }
            }
            #expect(try await counts("a") == [1])
            #expect(try await counts("b") == [2])
            try await engine.writeStatement("INSERT INTO read_again (name, count) VALUES ('a', 3)")
            #expect(try await counts("a") == [1, 3])
            try await engine.writeStatement("ALTER TABLE read_again ADD COLUMN extra BIGINT")
            #expect(try await counts("a") == [1, 3])
            for number in 0..<100 {
                let text: String = "SELECT \(number) + count FROM read_again WHERE name = "
                var query = SQLQueryString(text)
                query.appendInterpolation(bind: "b")
                let rows = try await engine.readByPosition(query)
                #expect(rows.count == 1 && rows[0].first?.integer == Int64(number + 2))
            }
            await #expect(throws: (any Error).self) { _ = try await engine.readByPosition("SELECT no_such_column FROM read_again") }
            try await engine.writeStatement("INSERT INTO read_again (name, count) VALUES ('b', 4)")
            #expect(try await counts("b") == [2, 4])
        }
    }
}

import Foundation
import VaporCSQLite

/// A read-only connection to the SQLite file for reads by position, through SQLite's C
/// interface: each statement is prepared once and kept by its text, and each row's values go
/// straight into the result. (A read through the SQLite connections of the other reads prepares
/// its statement every time, builds two arrays a row and takes the connection's mutex for every
/// value; a series read of a thousand rows spent as long on that as SQLite spent stepping.)
///
/// Opened without SQLite's own mutex: a reader is used by one task at a time, lent by its pool,
/// and called on a thread of the pool's thread pool.
final class SQLitePositionReader: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// The statements prepared so far, by text; emptied when there are too many.
    private var statements: [String: OpaquePointer] = [:]
    /// How many prepared statements a reader keeps: a read's text depends on how many hours of
    /// minutes it reads, so a few dozen texts come back cycle after cycle.
    static let keptStatements = 64

    /// A statement's failure: SQLite's result code and message.
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { "SQLite error \(code): \(message)" }

        /// Whether the code says the database file cannot be used now (full, unreadable,
        /// corrupt, out of memory) rather than that one statement failed.
        var makesDatabaseUnavailable: Bool {
            [SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_NOMEM, SQLITE_CORRUPT, SQLITE_NOTADB].contains(code & 0xff)
        }
    }

    init(path: String) throws {
        var handle: OpaquePointer?
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite_nio_sqlite3_close(handle)
            throw Failure(code: opened, message: message)
        }
        sqlite_nio_sqlite3_busy_timeout(handle, 5_000)
        self.handle = handle
    }

    /// The rows of `sql` with `binds` bound in order, every value by position.
    func read(_ sql: String, _ binds: [SQLValue]) throws -> SQLValueRows {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (index, value) in binds.enumerated() {
            let position = Int32(index + 1)
            let bound = switch value {
            case .integer(let value): sqlite_nio_sqlite3_bind_int64(statement, position, value)
            case .real(let value): sqlite_nio_sqlite3_bind_double(statement, position, value)
            case .text(let value): sqlite_nio_sqlite3_bind_text(statement, position, value, -1, Self.transient)
            case .null: sqlite_nio_sqlite3_bind_null(statement, position)
            }
            try check(bound)
        }
        let columns = sqlite_nio_sqlite3_column_count(statement)
        var rows = SQLValueRows(columnCount: Int(columns))
        while true {
            let stepped = sqlite_nio_sqlite3_step(statement)
            guard stepped == SQLITE_ROW else {
                if stepped == SQLITE_DONE { return rows }
                throw failure(stepped)
            }
            for column in 0..<columns {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: rows.append(.integer(sqlite_nio_sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: rows.append(.real(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_TEXT: rows.append(sqlite_nio_sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null)
                default: rows.append(.null)
                }
            }
        }
    }

    /// Finalizes every statement and closes the connection; the reader cannot be used afterwards.
    func close() {
        finalizeStatements()
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.keptStatements { finalizeStatements() }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else {
            sqlite_nio_sqlite3_finalize(statement)
            throw failure(result)
        }
        statements[sql] = statement
        return statement
    }

    private func finalizeStatements() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
    }

    private func check(_ result: Int32) throws {
        guard result == SQLITE_OK else { throw failure(result) }
    }

    private func failure(_ code: Int32) -> Failure {
        Failure(code: code, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "closed")
    }

    /// SQLite's `SQLITE_TRANSIENT`: the bound text is copied before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

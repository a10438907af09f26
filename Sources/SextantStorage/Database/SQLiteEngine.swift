import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SextantCore
import SQLiteKit
import SQLKit

/// The embedded engine: one SQLite file in WAL mode, one writer connection and a few readers.
///
/// Writes are serialized on the single writer (SQLite allows one writer at a time anyway),
/// which runs on a thread of its own, and run as `BEGIN IMMEDIATE` transactions; readers see
/// consistent snapshots beside it. `synchronous=FULL` makes every committed transaction
/// survive a crash of the process, and of the machine.
public final class SQLiteEngine: SQLEngine {
    public let kind = DatabaseKind.sqlite
    /// The database file.
    public let path: String
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>
    /// The writer's own thread, so that a burst of reads never queues ahead of a commit.
    private let writerThread: NIOThreadPool
    private let logger: Logger
    public let unreadableRows: UnreadableRows

    private init(path: String, writer: SQLiteConnection, writerThread: NIOThreadPool, readers: [SQLiteConnection], logger: Logger) {
        self.path = path
        self.writer = ConnectionPool([writer])
        self.writerThread = writerThread
        self.readers = ConnectionPool(readers)
        self.logger = logger
        self.unreadableRows = UnreadableRows(logger: logger)
    }

    /// Opens (creating if needed) the database file and its directory. A directory it creates is
    /// readable by its owner alone (0700); the database file and its WAL and shared-memory files
    /// always are (0600: SQLite gives the latter two the database file's mode).
    public static func open(path: String, readerCount: Int = 2, logger: Logger) async throws -> SQLiteEngine {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                if !FileManager.default.fileExists(atPath: directory) {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: 0o700])
                }
            } catch {
                throw StoreError.invalidConfiguration("cannot create data directory \(Quoted.prefix(directory)): \(Self.reason(error))")
            }
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw StoreError.invalidConfiguration("data directory \(Quoted.prefix(directory)) is not writable")
            }
        }
        try restrictToOwner(path)
        let writerThread = NIOThreadPool(numberOfThreads: 1)
        writerThread.start()
        let writer: SQLiteConnection
        do {
            writer = try await openConnection(path: path, threadPool: writerThread, logger: logger)
        } catch {
            try? await writerThread.shutdownGracefully()
            throw error
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) {
            readers.append(try await openConnection(path: path, threadPool: .singleton, logger: logger))
        }
        return SQLiteEngine(path: path, writer: writer, writerThread: writerThread, readers: readers, logger: logger)
    }

    /// Creates the database file readable by its owner alone, or makes it so, with its WAL and
    /// shared-memory files.
    private static func restrictToOwner(_ path: String) throws {
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.invalidConfiguration("cannot create SQLite database \(Quoted.prefix(path))")
            }
        }
        for file in [path, path + "-wal", path + "-shm"] where files.fileExists(atPath: file) {
            do {
                try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            } catch {
                throw StoreError.invalidConfiguration("cannot make \(Quoted.prefix(file)) private to its owner: \(Self.reason(error))")
            }
        }
    }

    private static func openConnection(path: String, threadPool: NIOThreadPool, logger: Logger) async throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger,
                                                         on: MultiThreadedEventLoopGroup.singleton.any()).get()
        } catch {
            throw StoreError.invalidConfiguration("cannot open SQLite database \(Quoted.prefix(path)): \(error)")
        }
        let database = connection.sql(queryLogLevel: nil)
        do {
            _ = try await database.raw("PRAGMA journal_mode=WAL").all()
            try await database.raw("PRAGMA synchronous=FULL").run()
            try await database.raw("PRAGMA foreign_keys=ON").run()
            try await database.raw("PRAGMA busy_timeout=5000").run()
        } catch {
            try? await connection.close()
            throw StoreError.invalidConfiguration("cannot use SQLite database \(Quoted.prefix(path)): \(error)")
        }
        return connection
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        return nsError.localizedDescription
    }

    /// Why `error` means the database file cannot be used now (full, unwritable, unreadable),
    /// or `nil` for an error of one statement.
    static func unavailability(of error: any Error) -> String? {
        guard let error = error as? SQLiteError else { return nil }
        let reason = "\(error.reason)"
        let families = ["full", "ioError", "readOnly", "readonly", "cantOpen", "noMemory", "corrupt", "notADatabase"]
        guard families.contains(where: reason.hasPrefix) else { return nil }
        return "the SQLite database cannot be used: \(error.message)"
    }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await readers.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).inTransaction(begin: "BEGIN", body)
        }
    }

    public func readByPosition(_ query: SQLQueryString) async throws -> SQLValueRows {
        try await readers.withConnection { connection in
            let (sql, values) = try query.serialized(for: connection.sql(queryLogLevel: nil))
            let binds = values.map { value -> SQLiteData in
                switch value {
                case .integer(let value): .integer(Int(value))
                case .real(let value): .float(value)
                case .text(let value): .text(value)
                case .null: .null
                }
            }
            // The connection's own query runs on its thread and hands each row over there, as
            // it is stepped; the database protocol's hands every row to an event loop one by
            // one, which costs more than reading it. Rows are only appended before it returns.
            nonisolated(unsafe) var result: SQLValueRows?
            try await connection.query(sql, binds) { row in
                if result == nil { result = SQLValueRows(columnCount: row.columns.count) }
                for column in row.columns {
                    switch column.data {
                    case .integer(let value): result!.append(.integer(Int64(value)))
                    case .float(let value): result!.append(.real(value))
                    case .text(let value): result!.append(.text(value))
                    case .blob, .null: result!.append(.null)
                    }
                }
            }
            return result ?? SQLValueRows(columnCount: 0)
        }
    }

    public func write<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await writer.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).inTransaction(begin: "BEGIN IMMEDIATE", body)
        }
    }

    public func writeStatement(_ statement: SQLQueryString) async throws {
        try await writer.withConnection { connection in
            try await connection.sql(queryLogLevel: nil).raw(statement).run()
        }
    }

    public func withSession<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await writer.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    public func ping() async throws {
        try await readers.withConnection { connection in
            _ = try await connection.sql(queryLogLevel: nil).raw("SELECT 1").all()
        }
    }

    /// Waits for graceful shutdown, then closes every connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Closes every connection; the engine cannot be used afterwards.
    ///
    /// Uses the future-based close, which runs even when the calling task is cancelled (as it is
    /// when a service group stops); the async one refuses to start then.
    public func close() async {
        for connection in await writer.drain() + readers.drain() {
            let closing: EventLoopFuture<Void> = connection.close()
            try? await closing.get()
        }
        writerThread.shutdownGracefully { _ in }
    }
}

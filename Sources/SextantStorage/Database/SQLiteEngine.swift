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
    /// The reads by position, on connections of their own (see ``SQLitePositionReader``).
    private let positionReaders: ConnectionPool<SQLitePositionReader>
    /// A reader connection as a SQL database, for the SQLite dialect when serializing a statement
    /// (the serializer runs no statement on it).
    private let dialect: any SQLDatabase
    /// The writer's own thread, so that a burst of reads never queues ahead of a commit.
    private let writerThread: NIOThreadPool
    private let logger: Logger
    public let unreadableRows: UnreadableRows

    private init(
        path: String, writer: SQLiteConnection, writerThread: NIOThreadPool, readers: [SQLiteConnection], positionReaders: [SQLitePositionReader],
        logger: Logger
    ) {
        self.path = path
        self.writer = ConnectionPool([writer])
        self.writerThread = writerThread
        self.readers = ConnectionPool(readers)
        self.positionReaders = ConnectionPool(positionReaders)
        self.dialect = readers[0].sql(queryLogLevel: nil)
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
        var positionReaders: [SQLitePositionReader] = []
        do {
            for _ in 0..<max(1, readerCount) {
                readers.append(try await openConnection(path: path, threadPool: .singleton, logger: logger))
                positionReaders.append(try SQLitePositionReader(path: path))
            }
        } catch let failure as SQLitePositionReader.Failure {
            throw StoreError.invalidConfiguration("cannot open SQLite database \(Quoted.prefix(path)): \(failure)")
        }
        return SQLiteEngine(path: path, writer: writer, writerThread: writerThread, readers: readers, positionReaders: positionReaders, logger: logger)
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
        if let failure = error as? SQLitePositionReader.Failure {
            return failure.makesDatabaseUnavailable ? "the SQLite database cannot be used: \(failure.message)" : nil
        }
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
        let (sql, values) = try query.serialized(for: dialect)
        return try await positionReaders.withConnection { reader in
            try await NIOThreadPool.singleton.runIfActive { try reader.read(sql, values) }
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
        for reader in await positionReaders.drain() { reader.close() }
        writerThread.shutdownGracefully { _ in }
    }
}

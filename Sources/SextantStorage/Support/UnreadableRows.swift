import Logging
import Synchronization

/// Counts stored rows that cannot be read back (corrupt, or written under rules since
/// tightened), so that one bad row is reported — logged and counted by table — and skipped,
/// instead of failing every read of its table and stopping the server.
public final class UnreadableRows: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Rows found unreadable so far, by table.
    public var byTable: [String: Int] { counts.withLock { $0 } }

    /// Records one unreadable row of `table`.
    public func record(table: String, error: any Error) {
        counts.withLock { $0[table, default: 0] += 1 }
        logger.error("skipped an unreadable stored row", metadata: ["store.table": .string(table), "error": "\(error)"])
    }

    /// Each row read by `read`, leaving out (and recording) those it cannot read.
    public func reading<Row, Value>(_ rows: [Row], table: String, _ read: (Row) throws -> Value) -> [Value] {
        rows.compactMap { row in
            do {
                return try read(row)
            } catch {
                record(table: table, error: error)
                return nil
            }
        }
    }
}

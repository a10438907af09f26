import Foundation
import SextantCore
import SQLKit

/// The audit trail over any ``SQLEngine``.
public struct SQLAuditStore: AuditStore {
    let engine: any SQLEngine

    public init(engine: any SQLEngine) {
        self.engine = engine
    }

    /// The PostgreSQL advisory lock that gives replicas' appends their turn.
    static let appendLockKey: Int64 = 0x5EC7_A0D1

    private static let columns = """
        sequence, time, request_id, key_id, key_name, role, source, method, route, resource, action, outcome, status, \
        version_before, version_after, mac
        """

    public func append(_ entry: AuditEntry, sealedWith key: [UInt8]) async throws -> AuditEntry {
        let kind = engine.kind
        return try await engine.write { database in
            if kind == .postgres {
                _ = try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.appendLockKey))").all()
            }
            // The head names the last record; without one, the newest row does. Records deleted
            // from the end leave a gap before the next one.
            var last = try await database.raw("SELECT sequence, mac FROM audit_head WHERE id = 1").first()
            if last == nil { last = try await database.raw("SELECT sequence, mac FROM audit_log ORDER BY sequence DESC LIMIT 1").first() }
            var next = entry
            next.sequence = (try last?.decode(column: "sequence", as: Int64.self) ?? 0) + 1
            let previous = try last.map { Hex.decode(try $0.decode(column: "mac", as: String.self)) ?? [] } ?? []
            let sealed = AuditChain.seal(next, after: previous, key: key)
            try await database.raw("""
                INSERT INTO audit_log (\(unsafeRaw: Self.columns)) VALUES (\(bind: sealed.sequence), \(bind: Int64((sealed.time.timeIntervalSince1970 * 1000).rounded())), \
                \(bind: sealed.requestID), \(bind: sealed.keyID), \(bind: sealed.keyName), \(bind: sealed.role?.rawValue), \(bind: sealed.source), \
                \(bind: sealed.method), \(bind: sealed.route), \(bind: sealed.resource), \(bind: sealed.action), \(bind: sealed.outcome.rawValue), \
                \(bind: sealed.status), \(bind: sealed.versionBefore), \(bind: sealed.versionAfter), \(bind: Hex.encode(sealed.mac)))
                """).run()
            let seal = AuditChain.headSeal(sequence: sealed.sequence, mac: sealed.mac, key: key)
            try await database.raw("""
                INSERT INTO audit_head (id, sequence, mac, seal) VALUES (1, \(bind: sealed.sequence), \(bind: Hex.encode(sealed.mac)), \(bind: Hex.encode(seal)))
                ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, mac = excluded.mac, seal = excluded.seal
                """).run()
            return sealed
        }
    }

    public func entries(from first: Int64, limit: Int) async throws -> [AuditEntry] {
        try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM audit_log WHERE sequence >= \(bind: first) ORDER BY sequence LIMIT \(literal: limit)
                """).all()
        }.compactMap(readable)
    }

    public func head() async throws -> (sequence: Int64, mac: [UInt8], seal: [UInt8])? {
        guard let row = try await engine.read({ database in
            try await database.raw("SELECT sequence, mac, seal FROM audit_head WHERE id = 1").first()
        }) else { return nil }
        guard let sequence = try? row.decode(column: "sequence", as: Int64.self),
              let mac = (try? row.decode(column: "mac", as: String.self)).flatMap(Hex.decode),
              let seal = (try? row.decode(column: "seal", as: String.self)).flatMap(Hex.decode) else {
            // An unreadable head is no head: verification names the record after the last.
            return nil
        }
        return (sequence, mac, seal)
    }

    public func entries(matching query: AuditQuery) async throws -> [AuditEntry] {
        var condition: SQLQueryString = "sequence > \(bind: query.after ?? 0)"
        if let actor = query.actor { condition = "\(condition) AND (key_id = \(bind: actor) OR key_name = \(bind: actor))" }
        if let action = query.action { condition = "\(condition) AND action = \(bind: action)" }
        if let since = query.since { condition = "\(condition) AND time >= \(bind: since.millisecondsSince1970)" }
        if let until = query.until { condition = "\(condition) AND time < \(bind: until.millisecondsSince1970)" }
        let selected = condition
        return try await engine.read { database in
            try await database.raw("""
                SELECT \(unsafeRaw: Self.columns) FROM audit_log WHERE \(selected) ORDER BY sequence LIMIT \(literal: query.limit)
                """).all()
        }.compactMap { try? Self.decode($0) }
    }

    /// The record a row holds; one that cannot be read keeps its place with no MAC (a row whose
    /// sequence number cannot be read leaves a gap): verification names either.
    private func readable(_ row: any SQLRow) -> AuditEntry? {
        do {
            return try Self.decode(row)
        } catch {
            engine.unreadableRows.record(table: "audit_log", error: error)
            guard let sequence = try? row.decode(column: "sequence", as: Int64.self) else { return nil }
            return AuditEntry(sequence: sequence, time: .distantPast, requestID: "", keyID: nil, keyName: nil, role: nil, source: "",
                              method: "", route: "", resource: "", action: "", outcome: .error, status: 0)
        }
    }

    private static func decode(_ row: any SQLRow) throws -> AuditEntry {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        let outcomeText = try text("outcome")
        guard let outcome = AuditEntry.Outcome(rawValue: outcomeText) else { throw StoreError.unavailable("unknown outcome \(Quoted.prefix(outcomeText))") }
        let roleText = try row.decode(column: "role", as: String?.self)
        let role = try roleText.map { text -> Role in
            guard let role = Role(rawValue: text) else { throw StoreError.unavailable("unknown role \(Quoted.prefix(text))") }
            return role
        }
        guard let mac = Hex.decode(try text("mac")) else { throw StoreError.unavailable("a MAC that is not hex") }
        return AuditEntry(
            sequence: try row.decode(column: "sequence", as: Int64.self),
            time: Date(millisecondsSince1970: try row.decode(column: "time", as: Int64.self)),
            requestID: try text("request_id"), keyID: try row.decode(column: "key_id", as: String?.self),
            keyName: try row.decode(column: "key_name", as: String?.self), role: role, source: try text("source"),
            method: try text("method"), route: try text("route"), resource: try text("resource"), action: try text("action"),
            outcome: outcome, status: try row.decode(column: "status", as: Int.self),
            versionBefore: try row.decode(column: "version_before", as: Int64?.self),
            versionAfter: try row.decode(column: "version_after", as: Int64?.self), mac: mac
        )
    }
}

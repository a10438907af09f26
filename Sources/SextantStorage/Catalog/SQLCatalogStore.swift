import Foundation
import SextantCore
import SQLKit

/// The catalog over any ``SQLEngine``: components, their labels and dependencies in three
/// tables, and a revision counter bumped in the same transaction as every change.
public struct SQLCatalogStore: CatalogStore {
    let engine: any SQLEngine
    let clock: any WallClock

    /// Creates the store.
    public init(engine: any SQLEngine, clock: any WallClock = SystemClock()) {
        self.engine = engine
        self.clock = clock
    }

    public func create(_ component: Component) async throws -> ComponentRecord {
        let now = clock.now()
        let kind = engine.kind
        return try await engine.write { database in
            try await Self.lockCatalog(database, kind: kind)
            if try await Self.exists(component.name, in: database) {
                throw StoreError.conflict("component \(Quoted.prefix(component.name)) already exists")
            }
            try await Self.insert([component], at: now, into: database)
            try await Self.bumpRevision(database)
            return ComponentRecord(component: component, createdAt: now.truncatedToMilliseconds, updatedAt: now.truncatedToMilliseconds)
        }
    }

    public func component(named name: String) async throws -> ComponentRecord? {
        try await engine.read { database in
            try await Self.load(where: "WHERE c.name = \(bind: name)", from: database).first
        }
    }

    public func components(matching query: ComponentQuery) async throws -> ComponentPage {
        try await engine.read { database in
            var filter: SQLQueryString = "WHERE 1 = 1"
            if let owner = query.owner { filter += " AND c.owner = \(bind: owner)" }
            if let tier = query.tier { filter += " AND c.tier = \(bind: tier)" }
            for (key, value) in query.labels.sorted(by: { $0.key < $1.key }) {
                filter += """
                     AND EXISTS (SELECT 1 FROM component_labels l \
                    WHERE l.component = c.name AND l.key = \(bind: key) AND l.value = \(bind: value))
                    """
            }
            let total = try await database.raw("SELECT COUNT(*) AS total FROM components c " + filter)
                .first()?.decode(column: "total", as: Int.self) ?? 0
            if let after = query.after { filter += " AND c.name > \(bind: after)" }
            let limit = max(1, query.limit)
            var items = try await Self.load(where: filter, limit: limit + 1, from: database)
            let hasMore = items.count > limit
            if hasMore { items.removeLast() }
            return ComponentPage(items: items, nextCursor: hasMore ? items.last?.component.name : nil, total: total)
        }
    }

    public func replace(_ component: Component) async throws -> (record: ComponentRecord, created: Bool) {
        let now = clock.now()
        let kind = engine.kind
        return try await engine.write { database in
            try await Self.lockCatalog(database, kind: kind)
            guard let existing = try await Self.load(where: "WHERE c.name = \(bind: component.name)", from: database).first else {
                try await Self.insert([component], at: now, into: database)
                try await Self.bumpRevision(database)
                return (ComponentRecord(component: component, createdAt: now.truncatedToMilliseconds, updatedAt: now.truncatedToMilliseconds), true)
            }
            guard existing.component != component else { return (existing, false) }
            try await Self.update([component], at: now, in: database)
            try await Self.bumpRevision(database)
            return (ComponentRecord(component: component, createdAt: existing.createdAt, updatedAt: now.truncatedToMilliseconds), false)
        }
    }

    public func deleteComponent(named name: String) async throws -> Bool {
        let kind = engine.kind
        return try await engine.write { database in
            try await Self.lockCatalog(database, kind: kind)
            guard try await Self.exists(name, in: database) else { return false }
            try await Self.delete([name], from: database)
            try await Self.bumpRevision(database)
            return true
        }
    }

    public func apply(_ document: CatalogDocument, prune: Bool, dryRun: Bool) async throws -> CatalogApplyResult {
        let now = clock.now()
        let kind = engine.kind
        return try await engine.write { database in
            try await Self.lockCatalog(database, kind: kind)
            let existing = try await Self.load(from: database)
            let plan = CatalogPlan.make(
                existing: Dictionary(uniqueKeysWithValues: existing.map { ($0.component.name, $0.component) }),
                desired: document.components,
                prune: prune
            )
            var revision = try await Self.currentRevision(database)
            if plan.hasChanges && !dryRun {
                try await Self.delete(plan.deletes, from: database)
                try await Self.update(plan.updates, at: now, in: database)
                try await Self.insert(plan.creates, at: now, into: database)
                revision = try await Self.bumpRevision(database)
            }
            return CatalogApplyResult(
                created: plan.creates.map(\.name), updated: plan.updates.map(\.name), unchanged: plan.unchanged,
                deleted: plan.deletes, revision: revision, dryRun: dryRun
            )
        }
    }

    public func snapshot() async throws -> CatalogSnapshot {
        try await engine.read { database in
            let revision = try await Self.currentRevision(database)
            let components = try await Self.load(from: database).map(\.component)
            return CatalogSnapshot(components: components, revision: revision)
        }
    }

    public func revision() async throws -> Int64 {
        try await engine.read { database in try await Self.currentRevision(database) }
    }
}

// MARK: - Statements

extension SQLCatalogStore {
    /// Rows per multi-row INSERT, well under both engines' limits on bound parameters.
    static let batchSize = 200

    /// Serializes catalog writers on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already does).
    static func lockCatalog(_ database: any SQLDatabase, kind: DatabaseKind) async throws {
        guard kind == .postgres else { return }
        _ = try await database.raw("SELECT revision FROM catalog_state WHERE id = 1 FOR UPDATE").all()
    }

    static func exists(_ name: String, in database: any SQLDatabase) async throws -> Bool {
        try await database.raw("SELECT 1 AS found FROM components WHERE name = \(bind: name)").first() != nil
    }

    static func currentRevision(_ database: any SQLDatabase) async throws -> Int64 {
        try await database.raw("SELECT revision FROM catalog_state WHERE id = 1").first()?
            .decode(column: "revision", as: Int64.self) ?? 0
    }

    @discardableResult
    static func bumpRevision(_ database: any SQLDatabase) async throws -> Int64 {
        try await database.raw("UPDATE catalog_state SET revision = revision + 1 WHERE id = 1").run()
        return try await currentRevision(database)
    }

    static func insert(_ components: [Component], at now: Date, into database: any SQLDatabase) async throws {
        guard !components.isEmpty else { return }
        let millis = now.millisecondsSince1970
        try await insertRows(
            into: "components",
            columns: ["name", "version", "owner", "tier", "lifecycle", "health_endpoint", "metrics_endpoint", "created_at", "updated_at"],
            rows: components.map { component in
                [component.name, component.version, component.owner, component.tier, component.lifecycle.rawValue,
                 component.healthEndpoint, component.metricsEndpoint, millis, millis]
            },
            on: database
        )
        try await insertDetails(of: components, into: database)
    }

    /// Inserts `rows` in batches of multi-row INSERTs.
    static func insertRows(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]], on database: any SQLDatabase
    ) async throws {
        for batch in rows.chunked(into: batchSize) {
            var builder = database.insert(into: table).columns(columns)
            for row in batch { builder = builder.values(row) }
            try await builder.run()
        }
    }

    static func update(_ components: [Component], at now: Date, in database: any SQLDatabase) async throws {
        guard !components.isEmpty else { return }
        let millis = now.millisecondsSince1970
        for component in components {
            try await database.raw("""
                UPDATE components SET version = \(bind: component.version), owner = \(bind: component.owner), \
                tier = \(bind: component.tier), lifecycle = \(bind: component.lifecycle.rawValue), \
                health_endpoint = \(bind: component.healthEndpoint), metrics_endpoint = \(bind: component.metricsEndpoint), \
                updated_at = \(bind: millis)
                WHERE name = \(bind: component.name)
                """).run()
        }
        try await deleteDetails(of: components.map(\.name), from: database)
        try await insertDetails(of: components, into: database)
    }

    static func delete(_ names: [String], from database: any SQLDatabase) async throws {
        guard !names.isEmpty else { return }
        try await deleteDetails(of: names, from: database)
        for batch in names.chunked(into: batchSize) {
            try await database.raw("DELETE FROM components WHERE name IN (\(binds: batch.map { $0 }))").run()
        }
    }

    private static func deleteDetails(of names: [String], from database: any SQLDatabase) async throws {
        for batch in names.chunked(into: batchSize) {
            try await database.raw("DELETE FROM component_labels WHERE component IN (\(binds: batch.map { $0 }))").run()
            try await database.raw("DELETE FROM component_dependencies WHERE component IN (\(binds: batch.map { $0 }))").run()
        }
    }

    private static func insertDetails(of components: [Component], into database: any SQLDatabase) async throws {
        try await insertRows(
            into: "component_labels",
            columns: ["component", "key", "value"],
            rows: components.flatMap { component in
                component.labels.sorted { $0.key < $1.key }.map { [component.name, $0.key, $0.value] }
            },
            on: database
        )
        try await insertRows(
            into: "component_dependencies",
            columns: ["component", "position", "dependency", "type", "critical", "fallback_available"],
            rows: components.flatMap { component in
                component.dependencies.enumerated().map { position, dependency in
                    [component.name, position, dependency.name, dependency.type.rawValue, dependency.isCritical, dependency.hasFallback]
                }
            },
            on: database
        )
    }

    /// Loads components matching `filter` (a `WHERE` clause over alias `c`; `nil` for all),
    /// sorted by name, with their labels and dependencies.
    static func load(where filter: SQLQueryString? = nil, limit: Int? = nil, from database: any SQLDatabase) async throws -> [ComponentRecord] {
        var query: SQLQueryString = """
            SELECT c.name, c.version, c.owner, c.tier, c.lifecycle, c.health_endpoint, c.metrics_endpoint, \
            c.created_at, c.updated_at FROM components c
            """
        if let filter { query += " " + filter }
        query += " ORDER BY c.name"
        if let limit { query += " LIMIT \(literal: limit)" }
        let rows = try await database.raw(query).all()
        guard !rows.isEmpty else { return [] }

        var records: [ComponentRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            let rawLifecycle = try row.decode(column: "lifecycle", as: String.self)
            records.append(ComponentRecord(
                component: Component(
                    name: try row.decode(column: "name", as: String.self),
                    version: try row.decode(column: "version", as: String?.self),
                    owner: try row.decode(column: "owner", as: String.self),
                    tier: try row.decode(column: "tier", as: Int.self),
                    lifecycle: Lifecycle(rawValue: rawLifecycle) ?? .production,
                    healthEndpoint: try row.decode(column: "health_endpoint", as: String?.self),
                    metricsEndpoint: try row.decode(column: "metrics_endpoint", as: String?.self)
                ),
                createdAt: Date(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                updatedAt: Date(millisecondsSince1970: try row.decode(column: "updated_at", as: Int64.self))
            ))
        }

        // Details for all of them at once: every row when loading everything, else by name.
        let names = records.map(\.component.name)
        let loadsEverything = limit == nil && filter == nil
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() { indexByName[name] = index }
        for batch in loadsEverything ? [nil] : names.chunked(into: 500).map(Optional.some) {
            let scope: SQLQueryString = batch.map { " WHERE component IN (\(binds: $0.map { $0 }))" } ?? ""
            for row in try await database.raw("SELECT component, key, value FROM component_labels" + scope).all() {
                guard let index = indexByName[try row.decode(column: "component", as: String.self)] else { continue }
                records[index].component.labels[try row.decode(column: "key", as: String.self)] = try row.decode(column: "value", as: String.self)
            }
            let dependencyRows = try await database.raw("""
                SELECT component, dependency, type, critical, fallback_available FROM component_dependencies
                """ + scope + " ORDER BY component, position").all()
            for row in dependencyRows {
                guard let index = indexByName[try row.decode(column: "component", as: String.self)] else { continue }
                let rawType = try row.decode(column: "type", as: String.self)
                records[index].component.dependencies.append(Dependency(
                    name: try row.decode(column: "dependency", as: String.self),
                    type: DependencyType(rawValue: rawType) ?? .internalService,
                    isCritical: try row.decode(column: "critical", as: Bool.self),
                    hasFallback: try row.decode(column: "fallback_available", as: Bool.self)
                ))
            }
        }
        return records
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SextantAPI
import SextantCore
import SextantStorage

/// `/api/v1/configuration`: versioned JSON values per environment, as Vault's KV v2 and Consul's
/// KV behave — every write a new version, `If-Match` a check-and-set, a delete a tombstone, the
/// history kept; lists that block until something under a prefix changes (`?index=&wait=`);
/// promotion between environments, recording where a value came from.
struct ConfigurationController {
    /// The longest a watch waits.
    static let maximumWait: Double = 300
    static let indexHeader = HTTPField.Name("X-Sextant-Index")!

    let store: any ConfigurationStore
    let access: EnvironmentAccess
    let rules: ConfigurationRules
    let changes: ConfigurationChanges
    let resolver: ConfigurationResolver
    let clock: any WallClock
    let shared = SharedLists()

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: ConfigList.self, use: list)
        group.get("{key}", needs: .needs(.read), answers: ConfigValueView.self, use: show)
        group.put("{key}", needs: .needs(.configure), accepts: JSONValue.self, answers: ConfigValueView.self, use: write)
        group.delete("{key}", needs: .needs(.configure), answers: ConfigValueView.self, use: delete)
        group.get("{key}/versions", needs: .needs(.read), answers: ConfigVersionList.self, use: versions)
        group.post("{key}/promote", needs: .needs(.configure), accepts: PromoteRequest.self, answers: ConfigValueView.self, use: promote)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let environment = try await access.environment(query.string("environment"), for: .read, route: "/api/v1/configuration", request: request,
                                                       context: context).name
        let prefix = query.string("prefix") ?? ""
        try ConfigNames.checkPrefix(prefix)
        let limit = try query.integer("limit", in: 1...10_000) ?? 1_000
        let resolve = try query.boolean("resolve")
        if resolve { try await resolver.checkMayReveal(request: request, context: context, route: "/api/v1/configuration") }
        var generation = changes.generation
        var index = try await store.changeIndex(environment: environment, prefix: prefix)
        if let text = query.string("index") {
            guard let asked = Int64(text), asked >= 0 else { throw APIError.badRequest("index is a change index, 0 or more", field: "index") }
            let wait = try DurationText.seconds(query.string("wait") ?? "30s", field: "wait") ?? 30
            guard wait <= Self.maximumWait else { throw APIError.badRequest("a watch waits at most 5m", field: "wait") }
            let deadline = ContinuousClock.now + .milliseconds(Int(wait * 1000))
            while index <= asked, ContinuousClock.now < deadline, !Task.isCancelled {
                await changes.wait(environment: environment, after: generation, until: deadline)
                generation = changes.generation
                index = try await store.changeIndex(environment: environment, prefix: prefix)
            }
        }
        if !resolve {
            // Watchers woken together ask for the same list: it is read and encoded once for them all.
            let listed = index
            let answer = try await shared.answer(for: "\(environment)\u{0}\(prefix)\u{0}\(limit)\u{0}\(listed)") { [store] in
                let values = try await store.list(environment: environment, prefix: prefix, limit: limit).map(Self.view)
                return (listed, try JSONResponse.encoder.encode(ConfigList(environment: environment, index: listed, values: values)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", Self.indexHeader: String(answer.index)],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        var values = try await store.list(environment: environment, prefix: prefix, limit: limit).map(Self.view)
        for position in values.indices {
            guard let value = values[position].value else { continue }
            values[position].value = try await resolver.resolve(value, environment: environment, key: values[position].key, request: request,
                                                                 context: context)
        }
        return try JSONResponse.make(ConfigList(environment: environment, index: index, values: values), headers: [Self.indexHeader: String(index)])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, key) = try await target(request, context, for: .read)
        let query = QueryParameters(request)
        let found: ConfigVersion?
        if let number = try query.integer("version", in: 1...Int(Int32.max)) {
            found = try await store.version(environment: environment, key: key, version: number)
        } else {
            found = try await store.newest(environment: environment, key: key)
        }
        guard let found else { throw APIError.notFound("\(key) has no value in \(environment)", field: "key") }
        guard !found.isTombstone || query.string("version") != nil else {
            throw APIError.notFound("\(key) was deleted in \(environment) (version \(found.version))", field: "key")
        }
        var view = Self.view(found)
        if try query.boolean("resolve"), let value = view.value {
            try await resolver.checkMayReveal(request: request, context: context, route: "/api/v1/configuration/{key}")
            view.value = try await resolver.resolve(value, environment: environment, key: key, request: request, context: context)
        }
        return try JSONResponse.make(view, headers: [.eTag: "\"\(found.version)\""])
    }

    @Sendable func write(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, key) = try await target(request, context, for: .change)
        let body = try await context.body(of: request)
        guard body.readableBytes <= ConfigurationRules.maximumValueBytes else {
            throw APIError(.contentTooLarge, code: "value_too_large", message: "a value is at most 256 KiB of JSON", field: "value")
        }
        guard let value = JSONValue.parse(body.readableBytesView) else {
            throw APIError.badRequest("the body is the value: one JSON document (at most 64 levels deep)", field: "value", code: "malformed_body")
        }
        try await rules.check(key: key, value: value, environment: environment)
        let written = try await store(value.canonicalText, key: key, environment: environment, request: request, context: context, promotedFrom: nil)
        return try JSONResponse.make(Self.view(written), status: written.version == 1 ? .created : .ok, headers: [.eTag: "\"\(written.version)\""])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, key) = try await target(request, context, for: .change)
        guard let newest = try await store.newest(environment: environment, key: key), !newest.isTombstone else {
            throw APIError.notFound("\(key) has no value in \(environment)", field: "key")
        }
        let written = try await store(nil, key: key, environment: environment, request: request, context: context, promotedFrom: nil)
        return try JSONResponse.make(Self.view(written), headers: [.eTag: "\"\(written.version)\""])
    }

    @Sendable func versions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (environment, key) = try await target(request, context, for: .read)
        let limit = try QueryParameters(request).integer("limit", in: 1...ConfigurationLimits.versionsKept) ?? ConfigurationLimits.versionsKept
        let versions = try await store.versions(environment: environment, key: key, limit: limit)
        guard !versions.isEmpty else { throw APIError.notFound("\(key) has no value in \(environment)", field: "key") }
        return try JSONResponse.make(ConfigVersionList(versions: versions.map(Self.view)))
    }

    /// Copies a version of the key from one environment to another, checked against the rules
    /// of the target; a protected target takes a promotion without the admin role.
    @Sendable func promote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try context.parameters.require("key")
        try ConfigNames.checkKey(key)
        let asked = try await context.decode(StrictDocument<PromoteRequest>.self, from: request, accepting: [.json, .yaml]).value
        let route = "/api/v1/configuration/{key}/promote"
        let from = try await access.environment(asked.from, field: "from", for: .read, route: route, request: request, context: context).name
        let to = try await access.environment(asked.to, field: "to", for: .promotion, route: route, request: request, context: context).name
        guard from != to else { throw APIError.badRequest("promote to another environment", field: "to") }
        let source: ConfigVersion?
        if let number = asked.version {
            source = try await store.version(environment: from, key: key, version: number)
        } else {
            source = try await store.newest(environment: from, key: key)
        }
        guard let source, let text = source.value, let value = JSONValue.parse(text: text) else {
            throw APIError.notFound("\(key) has no such value in \(from)", field: asked.version == nil ? "from" : "version")
        }
        try await rules.check(key: key, value: value, environment: to)
        let written = try await store(text, key: key, environment: to, request: request, context: context, promotedFrom: "\(from)@\(source.version)")
        return try JSONResponse.make(Self.view(written), headers: [.eTag: "\"\(written.version)\""])
    }

    /// The request's environment and key, checked for `use`.
    private func target(_ request: Request, _ context: AppRequestContext, for use: EnvironmentAccess.Use) async throws -> (String, String) {
        let key = try context.parameters.require("key")
        try ConfigNames.checkKey(key)
        let environment = try await access.environment(QueryParameters(request).string("environment"), for: use, route: "/api/v1/configuration/{key}",
                                                       request: request, context: context)
        return (environment.name, key)
    }

    /// Writes the next version (with the request's `If-Match` as a check-and-set) and wakes the watchers.
    private func store(_ text: String?, key: String, environment: String, request: Request, context: AppRequestContext,
                       promotedFrom: String?) async throws -> ConfigVersion {
        let expected = try Self.expectedVersion(request)
        guard let written = try await store.write(environment: environment, key: key, value: text, expectedVersion: expected,
                                                  createdBy: context.caller.map(NewAPIKey.describe) ?? "sextant", at: clock.now(),
                                                  promotedFrom: promotedFrom) else {
            let newest = try await store.newest(environment: environment, key: key)?.version ?? 0
            throw APIError(.conflict, code: "stale", message: "If-Match names version \(expected ?? 0), but the newest is \(newest)", field: "If-Match")
        }
        changes.changed(environment: environment, index: written.changeIndex)
        return written
    }

    /// `If-Match: 3` or `If-Match: "3"`: the version the write expects to replace (0: none).
    static func expectedVersion(_ request: Request) throws -> Int? {
        guard let text = request.headers[.ifMatch] else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed), version >= 0 else {
            throw APIError.badRequest("If-Match is the version the write replaces, such as \"3\" (0: the key has none yet)", field: "If-Match")
        }
        return version
    }

    static func view(_ version: ConfigVersion) -> ConfigValueView {
        ConfigValueView(environment: version.environment, key: version.key, version: version.version, value: version.value.flatMap(JSONValue.parse(text:)),
                        deleted: version.isTombstone, changeIndex: version.changeIndex, createdBy: version.createdBy, createdAt: version.createdAt,
                        promotedFrom: version.promotedFrom)
    }
}

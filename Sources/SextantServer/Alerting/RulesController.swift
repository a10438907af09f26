import Foundation
import SextantAPI
import Hummingbird
import SextantCore
import SextantStorage

/// Rule groups and their states: `/api/v1/rules`. Groups from files are read-only; groups
/// made here are kept in the store.
struct RulesController {
    let alerting: Alerting
    let store: any AlertingStore
    let hasPrometheus: Bool
    let clock: any WallClock

    func addRoutes(to group: Routes) {
        group.get(needs: .needs(.read), answers: RuleGroupList.self, use: list)
        group.get("{group}", needs: .needs(.read), answers: RuleGroupResponse.self, use: show)
        group.put("{group}", needs: .needs(.editRules), accepts: RuleGroup.self, answers: RuleGroupResponse.self, use: put)
        group.delete("{group}", needs: .needs(.editRules), use: delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = QueryParameters(request).string("group")
        let groups = try await alerting.loadedRules().ruleGroups.filter { name == nil || $0.loaded.group.name == name }
        return try JSONResponse.make(RuleGroupList(groups: groups.map { RuleGroupResponse($0.loaded, alerts: $0.alerts) }))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("group")
        guard let found = try await alerting.loadedRules().ruleGroups.first(where: { $0.loaded.group.name == name }) else {
            throw APIError.notFound("there is no rule group \(Quoted.prefix(name))")
        }
        return try JSONResponse.make(RuleGroupResponse(found.loaded, alerts: found.alerts))
    }

    /// Creates or replaces a group from its Prometheus rule-file form (JSON or YAML).
    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("group")
        let group = try await context.decode(RuleGroup.self, from: request, accepting: [.json, .yaml])
        guard group.name == name else { throw APIError.badRequest("the body defines group \(Quoted.prefix(group.name)), not \(Quoted.prefix(name))", field: "name") }
        try await requireWritable(name)
        let groups = try await alerting.loadedRules().ruleGroups
        if !groups.contains(where: { $0.loaded.group.name == name }), groups.count(where: { $0.loaded.origin == .api }) >= Limits.ruleGroups {
            throw APIError(.conflict, code: "too_many_groups", message: "at most \(Limits.ruleGroups) rule groups can be made through the API")
        }
        if !hasPrometheus, let index = group.rules.firstIndex(where: { if case .promQL = $0.expression { return true } else { return false } }) {
            throw APIError.badRequest("the expression is PromQL, and no Prometheus is configured (--prometheus-url)", field: "rules[\(index)].expr")
        }
        let created = try await store.putRuleGroup(group, at: clock.now())
        alerting.rules.adopt(group)
        guard let found = try await alerting.loadedRules().ruleGroups.first(where: { $0.loaded.group.name == name }) else { throw APIError.notFound("gone") }
        return try JSONResponse.make(RuleGroupResponse(found.loaded, alerts: found.alerts), status: created ? .created : .ok)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("group")
        try await requireWritable(name)
        guard try await store.deleteRuleGroup(name) else { throw APIError.notFound("there is no rule group \(Quoted.prefix(name))") }
        alerting.rules.forget(group: name)
        return Response(status: .noContent)
    }

    private func requireWritable(_ name: String) async throws {
        switch try await alerting.loadedRules().origin(ofGroup: name) {
        case .builtIn?, .file?:
            throw APIError(.conflict, code: "read_only", message: "rule group \(Quoted.prefix(name)) comes from a rule file; change the file instead")
        case .api?, nil:
            return
        }
    }
}

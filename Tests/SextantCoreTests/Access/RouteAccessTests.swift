import Testing

@testable import SextantCore

@Suite("Route access and audit actions")
struct RouteAccessTests {
    /// Which allowed requests go into the audit trail: changes, except telemetry and alert
    /// intake; reads of secrets and of the audit log; nothing open.
    @Test(arguments: [
        (RouteAccess.needs(.editCatalog), "POST", true), (.needs(.editCatalog), "PUT", true), (.needs(.editCatalog), "DELETE", true),
        (.needs(.read), "GET", false), (.needs(.read), "HEAD", false), (.needs(.ingest), "POST", false),
        (.needs(.readSecrets), "GET", true), (.needs(.readAudit), "GET", true), (.anyKey, "GET", false), (.anyKey, "POST", true),
        (.open, "GET", false), (.open, "POST", false), (.needs(.silence), "delete", true),
    ])
    func auditsChangesAndSecretReads(access: RouteAccess, method: String, audited: Bool) {
        #expect(access.audits(method: method) == audited)
    }

    @Test func theLeastRoleAndWhatItAdmits() {
        #expect(RouteAccess.open.leastRole == nil)
        #expect(RouteAccess.anyKey.leastRole == .ingest)
        #expect(RouteAccess.needs(.read).leastRole == .viewer)
        #expect(RouteAccess.needs(.manageKeys).leastRole == .admin)
        #expect(RouteAccess.needs(.ingest).admits(.operator) && !RouteAccess.needs(.ingest).admits(.viewer))
        #expect(Role.allCases.allSatisfy { RouteAccess.anyKey.admits($0) })
        #expect(RouteAccess.needs(.editRules).description == "edit-rules" && RouteAccess.anyKey.description == "any key")
    }

    @Test(arguments: [
        ("POST", "/api/v1/components", "create"), ("PUT", "/api/v1/components/{name}", "update"),
        ("DELETE", "/api/v1/components/{name}", "delete"), ("GET", "/api/v1/audit", "read"),
        ("POST", "/api/v1/jobs/{name}/run", "run"), ("POST", "/api/v1/health-checks/run", "create"),
        ("PATCH", "/api/v1/things/{id}", "update"), ("post", "/api/v1/deployments/{id}/rollback", "rollback"),
    ])
    func actionsAreNamedByMethodOrTheRoutesVerb(method: String, route: String, action: String) {
        #expect(AuditAction.of(method: method, route: route) == action)
    }

    /// An anyKey route admits every valid key; a permission route names what is missing.
    @Test func decisionsForEachKindOfAccess() {
        let key = AccessDecisionTests.key()
        let viewer = AccessDecisionTests.record(key, role: .viewer)
        let now = AccessDecisionTests.now
        #expect(AccessDecision.decide(presented: key, record: viewer, access: .anyKey, at: now) == .allowed(viewer))
        #expect(AccessDecision.decide(presented: key, record: viewer, access: .needs(.silence), at: now) == .forbidden(key: viewer, missing: .silence))
        #expect(AccessDecision.decide(presented: nil, record: viewer, access: .anyKey, at: now) == .unauthenticated)
    }
}

import Foundation
import Hummingbird
import SextantCore
import SextantStorage

/// Configuration and secrets: environments, the keys of one with their newest versions, the
/// differences from another environment, a key's versions, and secrets' metadata. A secret's
/// value is shown only to those who may read secrets, on request (a form with the session's
/// CSRF token), and every reveal is audited.
struct ConfigurationPage {
    let store: any ConfigurationStore
    let vault: SecretVault
    let audit: AuditTrail
    let clock: any WallClock

    static let listed = 500

    func response(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let environments = try await store.environments()
        let chosen = query.string("environment") ?? environments.first?.name
        let compare = query.string("compare")
        let environmentRows = environments.map { environment in
            [HTML.link("/ui/configuration?environment=\(HTML.query(environment.name))", environment.name), environment.protected ? "protected" : "",
             HTML.text(environment.description ?? ""), HTML.text(environment.createdBy)]
        }
        var sections = ""
        if let chosen, environments.contains(where: { $0.name == chosen }) {
            let keys = try await store.list(environment: chosen, prefix: "", limit: Self.listed)
            let keyRows = keys.map { version in
                [HTML.link("/ui/configuration/versions?environment=\(HTML.query(chosen))&key=\(HTML.query(version.key))", version.key), "\(version.version)",
                 "<code>\(HTML.text(String((version.value ?? "").prefix(200))))</code>", HTML.text(version.createdBy),
                 HTML.text(version.createdAt.formatted(.iso8601)), HTML.text(version.promotedFrom ?? "")]
            }
            sections += "<section aria-labelledby=\"keys\"><h2 id=\"keys\">Keys in \(HTML.text(chosen))</h2>"
                + HTML.table(["Key", "Version", "Value", "By", "At", "Promoted from"], keyRows, empty: "No keys.") + "</section>"
            if let compare, environments.contains(where: { $0.name == compare }) {
                let other = Dictionary(try await store.list(environment: compare, prefix: "", limit: Self.listed).map { ($0.key, $0.value ?? "") },
                                       uniquingKeysWith: { first, _ in first })
                let mine = Dictionary(keys.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
                let differing = Set(mine.keys).union(other.keys).sorted().filter { mine[$0] != other[$0] }.map { key in
                    [HTML.text(key), mine[key].map { "<code>\(HTML.text(String($0.prefix(200))))</code>" } ?? "<em>missing</em>",
                     other[key].map { "<code>\(HTML.text(String($0.prefix(200))))</code>" } ?? "<em>missing</em>"]
                }
                sections += "<section aria-labelledby=\"diff\"><h2 id=\"diff\">\(HTML.text(chosen)) against \(HTML.text(compare))</h2>"
                    + HTML.table(["Key", chosen, compare], differing, empty: "No differences.") + "</section>"
            }
            let secrets = try await vault.store.secrets(environment: chosen, prefix: "", limit: Self.listed)
            let mayReveal = context.caller?.role.allows(.readSecrets) == true
            let csrf = context.uiSession?.csrf ?? ""
            let secretRows = Dictionary(grouping: secrets, by: \.path).sorted { $0.key < $1.key }.map { path, versions -> [String] in
                let newest = versions.max { $0.version < $1.version }!
                let reveal = mayReveal && !csrf.isEmpty ? """
                    <form method="post" action="/ui/secrets/reveal"><input type="hidden" name="csrf" value="\(HTML.attribute(csrf))">\
                    <input type="hidden" name="environment" value="\(HTML.attribute(chosen))"><input type="hidden" name="path" value="\(HTML.attribute(path))">\
                    <button type="submit">Reveal</button></form>
                    """ : ""
                return [HTML.text(path), "\(newest.version)", HTML.text(newest.createdBy), HTML.text(newest.createdAt.formatted(.iso8601)), reveal]
            }
            sections += "<section aria-labelledby=\"secrets\"><h2 id=\"secrets\">Secrets in \(HTML.text(chosen))</h2>"
                + HTML.table(["Path", "Version", "By", "At", ""], secretRows, empty: "No secrets.") + "</section>"
        }
        let options = environments.map { "<option\($0.name == compare ? " selected" : "")>\(HTML.text($0.name))</option>" }.joined()
        let form = chosen.map { chosen in
            """
            <form method="get" action="/ui/configuration"><input type="hidden" name="environment" value="\(HTML.attribute(chosen))">\
            <label for="compare">Compare with</label><select id="compare" name="compare"><option value="">–</option>\(options)</select>\
            <p><button type="submit">Compare</button></p></form>
            """
        } ?? ""
        let body = "<section aria-labelledby=\"environments\"><h2 id=\"environments\">Environments</h2>"
            + HTML.table(["Environment", "", "Description", "Created by"], environmentRows, empty: "No environments yet.") + "</section>" + form + sections
        return UILayout.page(title: "Configuration", body: body, context: context)
    }

    func versions(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        guard let environment = query.string("environment"), let key = query.string("key") else {
            throw APIError.badRequest("environment and key are required", field: "key")
        }
        let versions = try await store.versions(environment: environment, key: key, limit: 100)
        let rows = versions.map { version in
            ["\(version.version)", version.value.map { "<pre>\(HTML.text(String($0.prefix(2_000))))</pre>" } ?? "<em>deleted</em>",
             HTML.text(version.createdBy), HTML.text(version.createdAt.formatted(.iso8601)), HTML.text(version.promotedFrom ?? "")]
        }
        return UILayout.page(title: "\(key) in \(environment)", body: HTML.table(["Version", "Value", "By", "At", "Promoted from"], rows, empty: "No versions."),
                             context: context)
    }

    /// Shows a secret's newest value once, to those who may read secrets; audited.
    func reveal(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await UIForm.read(request, context: context)
        try UIForm.requireCSRF(form, context)
        guard let environment = form["environment"], let path = form["path"] else { throw APIError.badRequest("environment and path are required", field: "path") }
        try ConfigNames.checkSecretPath(path)
        let (record, _) = try await vault.version(environment: environment, path: path, number: nil)
        let value = try await vault.value(of: record)
        try await audit.note("reveal-secret", resource: "secret \(environment)/\(path) version \(record.version)", outcome: .allowed, status: 200,
                             route: "/ui/secrets/reveal", request: request, context: context, at: clock.now())
        let body = "<p>\(HTML.text("\(environment)/\(path)")) version \(record.version):</p><pre id=\"value\">\(HTML.text(value))</pre>"
            + "<p>This reveal is in the audit trail. \(HTML.link("/ui/configuration?environment=\(HTML.query(environment))", "Back"))</p>"
        return UILayout.page(title: "Secret", body: body, context: context)
    }
}

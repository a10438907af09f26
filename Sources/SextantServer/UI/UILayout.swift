import HTTPTypes
import Hummingbird
import NIOCore
import SextantCore

/// The frame of every page: a skip link, the navigation, the page's one `<h1>`, and sign-out
/// (a form carrying the session's CSRF token). Styles are inline; no script is needed to read.
enum UILayout {
    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1a202c;background:#f7fafc}\
        header{background:#1a365d;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}\
        header a{color:#fff}header form{margin-left:auto}main{padding:1rem;max-width:1100px}\
        table{border-collapse:collapse;background:#fff;margin:.5rem 0 1rem}th,td{border:1px solid #e2e8f0;padding:.25rem .5rem;text-align:left;font-size:.9rem}\
        .bad{color:#c53030;font-weight:bold}.good{color:#2f855a}.empty{color:#718096}.skip{position:absolute;left:-9999px}.skip:focus{left:1rem}\
        section{margin-bottom:1.5rem}label{display:block;margin:.5rem 0 .25rem}input[type=text],input[type=password]{width:28rem;max-width:100%}\
        pre{white-space:pre-wrap;background:#fff;border:1px solid #e2e8f0;padding:.25rem}
        """

    /// A whole page; `context` is `nil` for the sign-in page (no navigation). Sign-out is offered
    /// to a session (with its CSRF token).
    static func page(title: String, body: String, context: AppRequestContext?, liveSeconds: Int? = nil) -> Response {
        var navigation = ""
        if let context {
            navigation = "<a href=\"/ui/\">Overview</a> <a href=\"/ui/graph\">Graph</a> <a href=\"/ui/alerts\">Alerts</a> <a href=\"/ui/deployments\">Deployments</a> <a href=\"/ui/traces\">Traces</a> <a href=\"/ui/logs\">Logs</a> <a href=\"/ui/configuration\">Configuration</a>"
            if context.caller?.role.allows(.readAudit) == true { navigation += " <a href=\"/ui/audit\">Audit</a>" }
            if let session = context.uiSession {
                navigation += """
                    <form method="post" action="/ui/sign-out"><input type="hidden" name="csrf" value="\(HTML.attribute(session.csrf))">\
                    <span>\(HTML.text(context.caller.map { "\($0.name) (\($0.role.rawValue))" } ?? ""))</span> <button type="submit">Sign out</button></form>
                    """
            }
        }
        let document = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(HTML.text(title)) · Sextant</title><link rel="icon" href="data:,">\(liveSeconds == nil ? "" : "<script src=\"\(LiveScript.path)\" defer></script>")<style>\(style)</style></head><body><a class="skip" href="#main">Skip to content</a>\
            <header><strong>Sextant</strong><nav aria-label="Main">\(navigation)</nav></header>\
            <main id="main"\(liveSeconds.map { " data-live-seconds=\"\($0)\"" } ?? "")><h1>\(HTML.text(title))</h1>\(body)</main></body></html>
            """
        return html(document)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(to location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}

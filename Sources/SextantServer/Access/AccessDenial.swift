import HTTPTypes
import Hummingbird
import SextantCore

/// Why the guard refused a request, answered in Sextant's error shape or Alertmanager's.
enum AccessDenial: Error {
    /// No valid key: one answer for every reason, so that it gives no hint which.
    case unauthenticated
    /// A valid key whose role lacks `missing`.
    case forbidden(role: Role, missing: Permission)
    /// The audit trail cannot be written, so no change is made.
    case auditUnavailable

    var apiError: APIError {
        switch self {
        case .unauthenticated:
            var error = APIError(.unauthorized, code: "unauthenticated",
                                 message: "a valid API key is required (Authorization: Bearer sxk_...)")
            error.headers[.wwwAuthenticate] = #"Bearer realm="sextant""#
            return error
        case .forbidden(let role, let missing):
            return APIError(.forbidden, code: "forbidden",
                            message: "this route needs the permission \(missing.rawValue), which the role \(role.rawValue) does not have",
                            field: nil)
        case .auditUnavailable:
            var error = APIError(.serviceUnavailable, code: "audit_unavailable",
                                 message: "the audit trail cannot be written, so no change is made")
            error.headers[.retryAfter] = "1"
            return error
        }
    }

    func response(style: Routes.DenialStyle, request: Request, context: AppRequestContext) throws -> Response {
        switch style {
        case .sextant:
            return try apiError.response(from: request, context: context)
        case .alertmanager:
            var response = AlertmanagerError.message(apiError.status, apiError.message).response
            for field in apiError.headers { response.headers.append(field) }
            return response
        case .signIn:
            if case .unauthenticated = self {
                let path = String(request.uri.path.prefix(512))
                return UILayout.redirect(to: "/ui/sign-in?next=\(HTML.query(path))")
            }
            return UILayout.html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed · Sextant</title></head><body>"
                                 + "<main><h1>Not allowed</h1><p>\(HTML.text(apiError.message))</p><p><a href=\"/ui/\">Overview</a></p></main></body></html>",
                                 status: apiError.status)
        }
    }
}

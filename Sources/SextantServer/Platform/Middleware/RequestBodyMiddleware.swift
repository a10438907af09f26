import Hummingbird
import SextantAPI

/// Gives every request the configured way of reading bodies.
struct RequestBodyMiddleware: RouterMiddleware {
    let bodies: RequestBodyReader

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.bodies = bodies
        return try await next(request, context)
    }
}

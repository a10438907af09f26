import Hummingbird
import SextantAPI
import Logging

/// Turns every error thrown below it into Sextant's error body, logging unexpected ones.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError.from(error)
            if answer.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            return try answer.response(from: request, context: context)
        }
    }
}

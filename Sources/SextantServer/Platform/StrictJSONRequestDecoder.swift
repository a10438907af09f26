import Hummingbird

/// Hummingbird's request decoder for Sextant's context: strict JSON (no duplicate members, no
/// trailing commas, valid UTF-8, bounded nesting) within the body size limit.
public struct StrictJSONRequestDecoder: RequestDecoder {
    let bodies: RequestBodyReader

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try await bodies.decode(type, from: request)
    }
}

import Hummingbird

/// Hummingbird's request decoder for Sextant's context: strict JSON (no duplicate members, no
/// trailing commas, valid UTF-8, bounded nesting) within the body size limit.
public struct StrictJSONRequestDecoder: RequestDecoder {
    let limit: Int

    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try await RequestBodyReader(limit: limit).decode(type, from: request)
    }
}

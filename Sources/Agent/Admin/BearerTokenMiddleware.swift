import Hummingbird

/// Refuses a request unless it carries `Authorization: Bearer <token>`.
///
/// The comparison takes the same time whatever the first differing byte, so the token cannot be
/// guessed a byte at a time by timing.
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]

    public init(token: String) { self.expected = Array("Bearer \(token)".utf8) }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], Self.equal(Array(header.utf8), expected) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"racimo\""],
                            message: "admin token required: racimo reads it from the token file beside the cluster key")
        }
        return try await next(request, context)
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

import ArenaWire
import Foundation
import HTTPTypes
import Hummingbird
import OpenAISurface

/// Checks `Authorization: Bearer KEY` against the accepted keys (`API_SECRET`) in constant time.
///
/// `OPTIONS` requests (CORS preflight) pass without a key; with no keys configured every
/// request passes, and `serve` warns about it at start-up.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware, ConcealsSecrets {
    private let keys: [[UInt8]]
    private let setting: String

    /// Creates the middleware for the given accepted keys, named by `setting` in its errors.
    init(keys: [String], setting: String = "API_SECRET") {
        self.keys = keys.map { Array($0.utf8) }
        self.setting = setting
    }

    /// Rejects requests without an accepted key with a 401 `invalid_api_key`.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isEmpty, request.method != .options else {
            return try await next(request, context)
        }
        guard let presented = Self.bearer(request.headers[.authorization]) else {
            throw OpenAIError(
                status: 401, message: "You didn't provide an API key. Send it as 'Authorization: Bearer KEY' (one of \(setting)).",
                type: .invalidRequest, code: .invalidApiKey)
        }
        guard Self.accepts(presented, keys: keys) else {
            throw OpenAIError(status: 401, message: "Incorrect API key provided.", type: .invalidRequest, code: .invalidApiKey)
        }
        return try await next(request, context)
    }

    static func bearer(_ header: String?) -> [UInt8]? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
    }

    /// Compares `presented` with every key without stopping early, so timing reveals neither
    /// which key matched nor how much of one did.
    static func accepts(_ presented: [UInt8], keys: [[UInt8]]) -> Bool {
        var matched: UInt8 = 0
        for key in keys {
            matched |= ConstantTime.equal(presented, key) ? 1 : 0
        }
        return matched == 1
    }
}

/// Comparisons whose duration does not depend on where inputs differ.
enum ConstantTime {
    /// Whether `a` and `b` are equal; the time depends only on the longer length.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt(a.count ^ b.count)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }
}

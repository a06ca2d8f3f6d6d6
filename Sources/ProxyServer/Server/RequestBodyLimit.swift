import ArenaWire
import GatewayCore
import Hummingbird
import NIOCore
import OpenAISurface

/// Reads a request body up to a limit, answering an oversized one with a 413 that says the limit,
/// one that stops arriving with a 400 (`incomplete_body`, an info line: the client left), and,
/// with a ``RequestBytesBudget``, only once there is room for it.
enum RequestBodyLimit {
    /// The body, read once `budget` has room for it (the declared length, or `limit` when none is
    /// declared), with the reservation the caller releases when it no longer holds the body.
    static func collect(
        _ request: inout Request, limit: Int, budget: RequestBytesBudget?
    ) async throws -> (body: ByteBuffer, reservation: RequestBytesBudget.Reservation) {
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        // A small declared body is read at once: it is not what the budget guards against, and
        // the common request pays nothing for it.
        guard let budget, (declared ?? 0) <= limit, (declared ?? limit) > RequestBytesBudget.smallBody else {
            return (try await collect(&request, limit: limit), RequestBytesBudget.Reservation(budget: nil, bytes: 0))
        }
        guard let reservation = await budget.reserve(declared ?? limit) else {
            throw OpenAIError(
                status: 503, message: "the server holds as many request bodies as REQUEST_BYTES_IN_FLIGHT allows; retry in a moment",
                type: .server, code: .serverBusy, retryAfter: 1)
        }
        let requestBody = request.body
        do {
            let body = try await StepDeadline.run(within: budget.bodyDeadline) { try await requestBody.collect(upTo: limit) }
            // As `collectBody` does: the request now holds the collected body (a streamed answer
            // later watches it for the client leaving).
            request.body = RequestBody(buffer: body)
            return (body, reservation)
        } catch is StepDeadline.Exceeded {
            reservation.release()
            throw OpenAIError(
                status: 408, message: "the request body did not arrive whole within REQUEST_BODY_TIMEOUT (\(budget.bodyDeadline))",
                type: .invalidRequest, code: .requestTimeout)
        } catch {
            reservation.release()
            throw failure(error, limit: limit)
        }
    }

    /// The body, up to `limit` bytes.
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw tooLarge(limit)
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch {
            throw failure(error, limit: limit)
        }
    }

    private static func tooLarge(_ limit: Int) -> OpenAIError {
        OpenAIError(
            status: 413, message: "the request body is larger than the \(limit) bytes this server accepts (MAX_REQUEST_BYTES)",
            type: .invalidRequest, code: .requestTooLarge)
    }

    /// What a failed read is answered with.
    private static func failure(_ error: any Error, limit: Int) -> any Error {
        switch error {
        case let error as HTTPError where error.status == .contentTooLarge:
            return tooLarge(limit)
        case is NIOTooManyBytesError:
            // A chunked body has no Content-Length to check first: it fails while being read.
            return tooLarge(limit)
        case is CancellationError:
            return error
        default:
            // The client left or stalled mid-upload (the parser's "stream ended at an unexpected
            // time"): its request, not a fault of the server, and nobody is left to read the answer.
            return OpenAIError(
                status: 400, message: "the request body ended before it was complete (the client left or stopped sending)",
                type: .invalidRequest, code: .incompleteBody)
        }
    }
}

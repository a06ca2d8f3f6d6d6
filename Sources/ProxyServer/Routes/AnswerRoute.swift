import ArenaWire
import GatewayCore
import Hummingbird
import Logging
import NIOCore
import OpenAISurface

/// What every route that answers from lmarena shares, so that an endpoint writes only what is
/// its own: the body read within its limit and the shared budget, decoded; the model looked up;
/// an answer opened and its failures mapped; a collected answer read, timed and logged; a
/// streamed answer handed to ``AnswerStreamer``.
struct AnswerRoute: Sendable {
    let gateway: ArenaGateway
    let catalogue: ModelCatalogue
    let maxBodyBytes: Int
    /// Tells clients apart for the fair queue.
    let clients: QueueClient
    /// The longest prompt sent to lmarena (`MAX_PROMPT_CHARS`), in UTF-16 code units as the site's JavaScript counts.
    let maxPromptCharacters: Int

    /// Reads and decodes the body, then runs `answer` with it. The body's share of the budget is
    /// held until `answer` returns (a stream's response, once its head is ready).
    func respond<Body: OpenAIRequestBody>(
        to request: Request, _ answer: (Body, Request) async throws -> Response
    ) async throws -> Response {
        var request = request
        let (bytes, held) = try await RequestBodyLimit.collect(&request, limit: maxBodyBytes, budget: gateway.bodyBudget)
        defer { held.release() }
        return try await answer(try Body.decode(bytes), request)
    }

    /// The model served as `name`, or a 404 naming close names.
    func model(named name: String) throws(OpenAIError) -> ArenaModel {
        let registry = catalogue.current
        guard let model = registry.model(named: name) else { throw .modelNotFound(name, in: registry) }
        return model
    }

    /// Opens an answer of `model` to `conversation` for `client`, once an account's turn comes; a
    /// failure is answered as an OpenAI error naming `name`.
    func open(
        _ model: ArenaModel, _ conversation: ArenaConversation, images: [PreparedImage] = [], name: String, client: String,
        param: String = "messages", logger: Logger
    ) async throws(OpenAIError) -> ArenaAnswer {
        try checkLength(of: conversation, param: param)
        do throws(GatewayFailure) {
            return try await gateway.open(model: model, conversation: conversation, images: images, client: client, logger: logger)
        } catch {
            throw OpenAIError(error, model: name)
        }
    }

    /// A prompt lmarena would refuse for its length is a 400 here, before it waits for a turn.
    func checkLength(of conversation: ArenaConversation, param: String) throws(OpenAIError) {
        let length = conversation.prompt.utf16.count
        guard length > maxPromptCharacters else { return }
        throw OpenAIError(
            status: 400,
            message:
                "This request's prompt is \(length) characters, over the \(maxPromptCharacters) lmarena accepts (MAX_PROMPT_CHARS): shorten the conversation or its messages",
            type: .invalidRequest, param: param, code: .contextLengthExceeded)
    }

    /// Reads the whole answer: any failure, even after content, is still an error status here.
    /// Times the answer and writes the log line `line` with what `metadata` adds.
    func collect(
        _ answer: ArenaAnswer, name: String, line: String, logger: Logger, metadata: Logger.Metadata = [:]
    ) async throws(OpenAIError) -> ChatCompletionAggregate {
        let aggregate: ChatCompletionAggregate
        do throws(UpstreamFailure) {
            aggregate = try await ChatCompletionAggregate.collect(answer)
        } catch {
            throw OpenAIError(error, model: name)
        }
        if !answer.finished {
            logger.debug("the stream closed cleanly without a finish line: answered as a normal finish")
        }
        let duration = answer.started.duration(to: .now)
        gateway.metrics.observeDuration(duration)
        var fields: Logger.Metadata = [
            "stream": "false", "session": "\(answer.session)", "chunks": "\(answer.chunksRead)", "duration": "\(duration)",
        ]
        fields.merge(metadata) { _, added in added }
        logger.info("\(line)", metadata: fields)
        return aggregate
    }

    /// Streams `answer` as `frames` write it; the client leaving cancels the upstream read.
    func stream<Frames: AnswerFrames>(_ answer: sending ArenaAnswer, as frames: Frames, cancellingOn request: Request, logger: Logger) -> Response {
        AnswerStreamer(
            answer: AnswerHandoff(answer), frames: frames, shutdown: gateway.shutdown, logger: logger, metrics: gateway.metrics,
            redactor: gateway.redactor
        ).response(cancellingOn: request)
    }

    /// A `200` JSON response.
    static func json(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
}

import ArenaWire
import Foundation
import NIOCore

/// The `response` object of one Responses API request: what it is about (its id, creation time,
/// request and prompt), written with a status and the output so far, by the collected answer and
/// by every stream event that carries the response.
package struct ResponseObject: Sendable {
    /// A response's `status`.
    package enum Status: String, Sendable {
        /// Being answered: `response.created` and `response.in_progress`.
        case inProgress = "in_progress"
        /// Answered in full.
        case completed
        /// Cut at `max_output_tokens`.
        case incomplete
        /// Failed after it started (the object then carries the error).
        case failed
    }

    /// `resp_…`.
    package let id: String
    /// `created_at`, in seconds since 1970.
    package let created: Int
    /// The request, whose settings the object echoes.
    package let request: ResponsesRequest
    /// The prompt as sent, for the usage estimate.
    let promptText: String

    /// The object for `request`, whose conversation reads as `promptText`.
    package init(request: ResponsesRequest, promptText: String, now: Date = Date()) {
        id = ResponseOutput.newID("resp")
        created = Int(now.timeIntervalSince1970)
        self.request = request
        self.promptText = promptText
    }

    /// The whole body of a collected response.
    package func body(status: Status, output: ResponseOutput) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(status: status, output: output, into: &buffer)
        return buffer
    }

    /// Writes the object with `status` and the finished items of `output`; `error` for a failed one.
    package func write(status: Status, output: ResponseOutput, error: OpenAIError? = nil, into buffer: inout ByteBuffer) {
        let chat = request.chat
        buffer.writeStaticString("{\"id\":")
        JSONStringCodec.write(id, into: &buffer)
        buffer.writeStaticString(",\"object\":\"response\",\"created_at\":")
        buffer.writeString(String(created))
        buffer.writeStaticString(",\"status\":")
        JSONStringCodec.write(status.rawValue, into: &buffer)
        buffer.writeStaticString(",\"model\":")
        JSONStringCodec.write(chat.model, into: &buffer)
        buffer.writeStaticString(",\"output\":[")
        for (position, item) in output.items.enumerated() {
            if position > 0 { buffer.writeStaticString(",") }
            item.write(forming: false, into: &buffer)
        }
        buffer.writeStaticString(chat.parallelToolCalls ? "],\"parallel_tool_calls\":true" : "],\"parallel_tool_calls\":false")
        buffer.writeStaticString(",\"tool_choice\":")
        Self.write(chat.toolChoice, into: &buffer)
        buffer.writeStaticString(",\"tools\":[")
        for (position, tool) in chat.tools.enumerated() {
            if position > 0 { buffer.writeStaticString(",") }
            Self.write(tool, into: &buffer)
        }
        buffer.writeStaticString("],\"temperature\":")
        buffer.writeJSONNumber(request.temperature)
        buffer.writeStaticString(",\"top_p\":")
        buffer.writeJSONNumber(request.topP)
        buffer.writeStaticString(",\"metadata\":")
        request.metadata.write(into: &buffer)
        buffer.writeStaticString(request.store ? ",\"store\":true" : ",\"store\":false")
        buffer.writeStaticString(",\"truncation\":\"disabled\",\"text\":{\"format\":")
        Self.write(chat.responseFormat, into: &buffer)
        buffer.writeStaticString("},\"error\":")
        if let error {
            buffer.writeStaticString("{\"code\":")
            JSONStringCodec.write(error.code?.rawValue ?? "server_error", into: &buffer)
            buffer.writeStaticString(",\"message\":")
            JSONStringCodec.write(error.message, into: &buffer)
            buffer.writeStaticString("}")
        } else {
            buffer.writeStaticString("null")
        }
        buffer.writeStaticString(
            status == .incomplete ? ",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}" : ",\"incomplete_details\":null")
        buffer.writeStaticString(",\"instructions\":")
        if let instructions = request.instructions { JSONStringCodec.write(instructions, into: &buffer) } else { buffer.writeStaticString("null") }
        buffer.writeStaticString(",\"max_output_tokens\":")
        if let limit = request.maxOutputTokens { buffer.writeString(String(limit)) } else { buffer.writeStaticString("null") }
        buffer.writeStaticString(",\"previous_response_id\":null")
        if status == .completed || status == .incomplete { writeUsage(output, into: &buffer) }
        buffer.writeStaticString("}")
    }

    /// `,"usage":{…}`: the prompt and the output by the token estimate.
    private func writeUsage(_ output: ResponseOutput, into buffer: inout ByteBuffer) {
        let input = TokenEstimate.count(promptText)
        let produced = TokenEstimate.count(output.text) + output.items.reduce(0) { $0 + TokenEstimate.count($1.arguments) }
        buffer.writeStaticString(",\"usage\":{\"input_tokens\":")
        buffer.writeString(String(input))
        buffer.writeStaticString(",\"input_tokens_details\":{\"cached_tokens\":0,\"cache_write_tokens\":0},\"output_tokens\":")
        buffer.writeString(String(produced))
        buffer.writeStaticString(",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":")
        buffer.writeString(String(input + produced))
        buffer.writeStaticString("}")
    }

    private static func write(_ choice: ToolChoice, into buffer: inout ByteBuffer) {
        switch choice {
        case .none: buffer.writeStaticString("\"none\"")
        case .auto: buffer.writeStaticString("\"auto\"")
        case .required: buffer.writeStaticString("\"required\"")
        case .function(let name):
            buffer.writeStaticString("{\"type\":\"function\",\"name\":")
            JSONStringCodec.write(name, into: &buffer)
            buffer.writeStaticString("}")
        }
    }

    private static func write(_ tool: FunctionTool, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"type\":\"function\",\"name\":")
        JSONStringCodec.write(tool.name, into: &buffer)
        buffer.writeStaticString(",\"description\":")
        if let description = tool.description { JSONStringCodec.write(description, into: &buffer) } else { buffer.writeStaticString("null") }
        buffer.writeStaticString(",\"parameters\":")
        tool.parameters.write(into: &buffer)
        buffer.writeStaticString(",\"strict\":false}")
    }

    private static func write(_ format: ResponseFormat, into buffer: inout ByteBuffer) {
        switch format {
        case .text: buffer.writeStaticString("{\"type\":\"text\"}")
        case .jsonObject: buffer.writeStaticString("{\"type\":\"json_object\"}")
        case .jsonSchema(let name, let schema, let strict):
            buffer.writeStaticString("{\"type\":\"json_schema\",\"name\":")
            JSONStringCodec.write(name, into: &buffer)
            buffer.writeStaticString(",\"schema\":")
            schema.write(into: &buffer)
            buffer.writeStaticString(strict ? ",\"strict\":true}" : ",\"strict\":false}")
        }
    }
}

import Hummingbird
import NIOCore

/// `GET /v1/models` and `GET /v1/models/{model}` in OpenAI's list and model shapes.
struct ModelsRoute: Sendable {
    /// The fixed `created` time reported for every model (the registry has no dates).
    static let created = 1_735_689_600

    let registry: ModelRegistry

    func list() -> Response {
        var buffer = ByteBuffer()
        buffer.writeStaticString("{\"object\":\"list\",\"data\":[")
        for (index, model) in registry.models.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            write(model, into: &buffer)
        }
        buffer.writeStaticString("]}")
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    func retrieve(_ name: String) throws -> Response {
        guard let model = registry.model(named: name) else {
            throw OpenAIError(status: 404, message: "The model '\(name)' does not exist", type: "invalid_request_error", param: "model", code: "model_not_found")
        }
        var buffer = ByteBuffer()
        write(model, into: &buffer)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    private func write(_ model: ArenaModel, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"id\":")
        JSONStringCodec.write(model.name, into: &buffer)
        buffer.writeStaticString(",\"object\":\"model\",\"created\":")
        buffer.writeString(String(Self.created))
        buffer.writeStaticString(",\"owned_by\":")
        JSONStringCodec.write(model.organization ?? "lmarena", into: &buffer)
        buffer.writeStaticString(",\"modality\":")
        JSONStringCodec.write(model.modality.rawValue, into: &buffer)
        buffer.writeStaticString("}")
    }
}

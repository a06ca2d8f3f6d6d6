import ArenaWire
import GatewayCore
import Hummingbird
import NIOCore
import OpenAISurface

/// `GET /v1/models` and `GET /v1/models/{model}` in OpenAI's list and model shapes.
struct ModelsRoute: Sendable {
    /// The `created` time reported for a model whose id carries no date (the bundled registry).
    static let created = 1_735_689_600

    let catalogue: ModelCatalogue

    func list() -> Response {
        let registry = catalogue.current
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
        let registry = catalogue.current
        guard let model = registry.model(named: name) else {
            throw OpenAIError.modelNotFound(name, in: registry)
        }
        var buffer = ByteBuffer()
        write(model, into: &buffer)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }

    private func write(_ model: ArenaModel, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("{\"id\":")
        JSONStringCodec.write(model.name, into: &buffer)
        buffer.writeStaticString(",\"object\":\"model\",\"created\":")
        buffer.writeString(String(model.created ?? Self.created))
        buffer.writeStaticString(",\"owned_by\":")
        JSONStringCodec.write(model.organization ?? "lmarena", into: &buffer)
        buffer.writeStaticString(",\"modality\":")
        JSONStringCodec.write(model.modality.rawValue, into: &buffer)
        if let takesImages = model.takesImages {
            buffer.writeStaticString(takesImages ? ",\"input_image\":true" : ",\"input_image\":false")
        }
        buffer.writeStaticString("}")
    }
}

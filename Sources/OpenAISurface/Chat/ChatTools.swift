/// A function the client offers the model (`tools[].function`, or legacy `functions[]`).
package struct FunctionTool: Sendable, Equatable {
    /// The function's name.
    package var name: String
    /// What it does, for the model.
    package var description: String?
    /// The JSON Schema of its arguments (`{}` when the client gave none).
    package var parameters: JSONValue

    /// Creates a tool.
    package init(name: String, description: String? = nil, parameters: JSONValue = .object([:])) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}

/// Whether and how the model is to call tools (`tool_choice`, or legacy `function_call`).
package enum ToolChoice: Sendable, Equatable {
    /// The model must not call a tool: the tools are not even offered.
    case none
    /// The model decides.
    case auto
    /// The model must call at least one tool.
    case required
    /// The model must call this function.
    case function(String)
}

/// One tool call of an assistant message: in a request's history, or in an answer.
package struct ToolCall: Sendable, Equatable {
    /// `call_...`: what the tool's result refers to.
    package var id: String
    /// The function called.
    package var name: String
    /// The arguments as a JSON text (an object).
    package var arguments: String

    /// Creates a call.
    package init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// A new call id in OpenAI's shape: `call_` and 24 letters and digits.
    static func newID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return "call_" + String((0..<24).map { _ in alphabet.randomElement()! })
    }
}

/// What shape the answer must have (`response_format`, the Responses API's `text.format`).
package enum ResponseFormat: Sendable, Equatable {
    /// Free text.
    case text
    /// A JSON object, any shape.
    case jsonObject
    /// JSON that follows a schema; with `strict`, the answer is checked against it.
    case jsonSchema(name: String, schema: JSONValue, strict: Bool)

    /// Whether the answer must be JSON.
    var wantsJSON: Bool { self != .text }
}

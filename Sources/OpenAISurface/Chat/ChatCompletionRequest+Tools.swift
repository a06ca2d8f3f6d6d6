import Foundation

extension ChatCompletionRequest {
    /// `tools`, `tool_choice`, `parallel_tool_calls`, and the legacy `functions` / `function_call`.
    mutating func readTools(_ object: [String: Any]) throws(OpenAIError) {
        var offered: [FunctionTool] = []
        if let raw = object["tools"], !(raw is NSNull) {
            guard let list = raw as? [Any] else {
                throw .invalidRequest("Invalid type for 'tools': expected an array of tool objects.", param: "tools", code: .invalidType)
            }
            for (index, item) in list.enumerated() {
                let param = "tools[\(index)]"
                guard let tool = item as? [String: Any] else {
                    throw .invalidRequest("Invalid type for '\(param)': expected an object.", param: param, code: .invalidType)
                }
                let type = try RequestJSON.requiredString(tool, "type", param: "\(param).type")
                guard type == "function" else {
                    throw .invalidRequest(
                        "\(param).type '\(String(type.prefix(100)))' is not available: only function tools are, through lmarena2api",
                        param: "\(param).type", code: .unsupportedValue)
                }
                guard let function = tool["function"] as? [String: Any] else {
                    throw .invalidRequest(
                        "Missing required parameter: '\(param).function'.", param: "\(param).function", code: .missingRequiredParameter)
                }
                offered.append(try Self.function(function, param: "\(param).function"))
            }
        }
        if let raw = object["functions"], !(raw is NSNull) {
            guard let list = raw as? [Any] else {
                throw .invalidRequest("Invalid type for 'functions': expected an array.", param: "functions", code: .invalidType)
            }
            for (index, item) in list.enumerated() {
                guard let function = item as? [String: Any] else {
                    throw .invalidRequest(
                        "Invalid type for 'functions[\(index)]': expected an object.", param: "functions[\(index)]", code: .invalidType)
                }
                offered.append(try Self.function(function, param: "functions[\(index)]"))
                legacyFunctions = true
            }
        }
        var names = Set<String>()
        for (index, tool) in offered.enumerated() where !names.insert(tool.name).inserted {
            throw .invalidRequest("tools[\(index)] repeats the function name '\(tool.name)'", param: "tools", code: .invalidValue)
        }
        parallelToolCalls = try RequestJSON.optionalBool(object, "parallel_tool_calls") ?? true
        let modern = try Self.choice(object["tool_choice"], param: "tool_choice", names: names)
        let legacy = try Self.choice(object["function_call"], param: "function_call", names: names)
        toolChoice = modern ?? legacy ?? .auto
        if case .function(let name) = toolChoice, !names.contains(name) {
            throw .invalidRequest(
                "the tool_choice names the function '\(name)', which is not among the tools", param: "tool_choice", code: .invalidValue)
        }
        if toolChoice == .required, offered.isEmpty {
            throw .invalidRequest("tool_choice is 'required', but no tools were given", param: "tool_choice", code: .invalidValue)
        }
        tools = toolChoice == .none ? [] : offered
    }

    /// A function definition: a valid name, a description, the JSON Schema of its parameters.
    private static func function(_ object: [String: Any], param: String) throws(OpenAIError) -> FunctionTool {
        let name = try RequestJSON.requiredString(object, "name", param: "\(param).name")
        let valid =
            !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { scalar in
                CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "_" || scalar == "-"
            }
        guard valid else {
            throw .invalidRequest(
                "Invalid '\(param).name': a function name is 1 to 64 letters, digits, underscores and dashes.", param: "\(param).name",
                code: .invalidValue)
        }
        let description = try RequestJSON.optionalString(object, "description", param: "\(param).description")
        var parameters = JSONValue.object([:])
        if let raw = object["parameters"], !(raw is NSNull) {
            guard raw is [String: Any], let schema = JSONValue(foundation: raw) else {
                throw .invalidRequest(
                    "Invalid type for '\(param).parameters': expected a JSON Schema object.", param: "\(param).parameters", code: .invalidType)
            }
            parameters = schema
        }
        _ = try RequestJSON.optionalBool(object, "strict", param: "\(param).strict")
        return FunctionTool(name: name, description: description, parameters: parameters)
    }

    /// `"none"`, `"auto"`, `"required"`, `{"type": "function", "function": {"name": ...}}`, or
    /// the legacy `{"name": ...}`; `nil` when absent.
    private static func choice(_ value: Any?, param: String, names: Set<String>) throws(OpenAIError) -> ToolChoice? {
        switch value {
        case nil, is NSNull:
            return nil
        case let text as String:
            switch text {
            case "none": return ToolChoice.none
            case "auto": return .auto
            case "required", "any": return .required
            default:
                throw .invalidRequest(
                    "Invalid value for '\(param)': '\(String(text.prefix(100)))'. Supported values are: 'none', 'auto' and 'required'.", param: param,
                    code: .invalidValue)
            }
        case let object as [String: Any]:
            let function = object["function"] as? [String: Any] ?? object
            guard let name = function["name"] as? String else {
                throw .invalidRequest(
                    "Invalid '\(param)': name the function as {\"type\": \"function\", \"function\": {\"name\": ...}}", param: param,
                    code: .invalidValue)
            }
            return .function(name)
        default:
            throw .invalidRequest("Invalid type for '\(param)': expected a string or an object.", param: param, code: .invalidType)
        }
    }

    /// `response_format`: `text`, `json_object`, or `json_schema` with a schema.
    mutating func readResponseFormat(_ object: [String: Any]) throws(OpenAIError) {
        guard let raw = object["response_format"], !(raw is NSNull) else { return }
        guard let format = raw as? [String: Any] else {
            throw .invalidRequest("Invalid type for 'response_format': expected an object.", param: "response_format", code: .invalidType)
        }
        responseFormat = try Self.format(format, param: "response_format")
    }

    /// A format object as `response_format` and the Responses API's `text.format` write it.
    static func format(_ format: [String: Any], param: String, flat: Bool = false) throws(OpenAIError) -> ResponseFormat {
        let type = try RequestJSON.requiredString(format, "type", param: "\(param).type")
        switch type {
        case "text":
            return .text
        case "json_object":
            return .jsonObject
        case "json_schema":
            // Chat nests the schema under `json_schema`; the Responses API puts it beside `type`.
            let holder = flat ? format : (format["json_schema"] as? [String: Any])
            guard let holder else {
                throw .invalidRequest(
                    "Missing required parameter: '\(param).json_schema'.", param: "\(param).json_schema", code: .missingRequiredParameter)
            }
            let at = flat ? param : "\(param).json_schema"
            let name = try RequestJSON.requiredString(holder, "name", param: "\(at).name")
            guard let raw = holder["schema"], raw is [String: Any], let schema = JSONValue(foundation: raw) else {
                throw .invalidRequest(
                    "Missing required parameter: '\(at).schema' (a JSON Schema object).", param: "\(at).schema", code: .missingRequiredParameter)
            }
            let strict = try RequestJSON.optionalBool(holder, "strict", param: "\(at).strict") ?? false
            return .jsonSchema(name: name, schema: schema, strict: strict)
        default:
            throw .invalidRequest(
                "Invalid value for '\(param).type': '\(String(type.prefix(100)))'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                param: "\(param).type", code: .invalidValue)
        }
    }
}

import Foundation

/// The JSON of a structured answer (`response_format`, `text.format`): taken out of the model's
/// text (a code fence or prose around it removed) and, for a strict schema, checked against it.
enum StructuredOutput {
    /// The JSON text of `answer` for `format`, exactly as the client gets it; a 502
    /// `invalid_json_output` naming the first violation when there is none that fits.
    static func content(of answer: String, format: ResponseFormat) throws(OpenAIError) -> String {
        guard let (text, value) = extract(answer) else {
            throw invalid("the model's answer is not valid JSON")
        }
        switch format {
        case .text:
            return answer
        case .jsonObject:
            guard case .object = value else { throw invalid("the model's answer is JSON, but not an object") }
        case .jsonSchema(_, let schema, let strict):
            if strict, let violation = violation(of: value, against: schema, at: "$") {
                throw invalid("the model's answer does not follow the schema: \(violation)")
            }
        }
        return text
    }

    /// The first JSON value in `answer`: the whole text, else inside a code fence, else from the
    /// first `{` or `[` to the last matching close.
    static func extract(_ answer: String) -> (String, JSONValue)? {
        let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        var candidates = [trimmed]
        if let fence = trimmed.range(of: "```") {
            let afterFence = trimmed[fence.upperBound...]
            let body = afterFence.drop { $0 != "\n" }.dropFirst()
            if let close = body.range(of: "```") { candidates.append(String(body[..<close.lowerBound])) }
        }
        for (open, close) in [("{", "}"), ("[", "]")] {
            if let start = trimmed.firstIndex(where: { String($0) == open }), let end = trimmed.lastIndex(where: { String($0) == close }), start < end
            {
                candidates.append(String(trimmed[start...end]))
            }
        }
        for candidate in candidates {
            let text = candidate.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, let value = JSONValue(parsing: text), text.first == "{" || text.first == "[" {
                return (text, value)
            }
        }
        return nil
    }

    /// The first place `value` breaks `schema` (type, enum, const, required, properties,
    /// additionalProperties: false, items, anyOf / oneOf), as `$.path: what`; `nil` when it follows it.
    static func violation(of value: JSONValue, against schema: JSONValue, at path: String) -> String? {
        guard case .object(let rules) = schema else { return nil }
        if let options = (rules["anyOf"] ?? rules["oneOf"]), case .array(let list) = options {
            guard list.contains(where: { violation(of: value, against: $0, at: path) == nil }) else {
                return "\(path): matches none of the allowed shapes"
            }
        }
        if let type = rules["type"] {
            let allowed: [String]
            switch type {
            case .string(let name): allowed = [name]
            case .array(let names): allowed = names.compactMap(\.string)
            default: allowed = []
            }
            let actual = value.typeName
            if !allowed.isEmpty, !allowed.contains(actual), !(actual == "integer" && allowed.contains("number")) {
                return "\(path): expected \(allowed.joined(separator: " or ")), got \(actual)"
            }
        }
        if case .array(let options)? = rules["enum"], !options.contains(value) {
            return "\(path): \(value.text) is not one of the allowed values"
        }
        if let constant = rules["const"], constant != value {
            return "\(path): expected \(constant.text)"
        }
        if case .object(let members) = value {
            if case .array(let required)? = rules["required"] {
                for key in required.compactMap(\.string) where members[key] == nil {
                    return "\(path): the required key '\(key)' is missing"
                }
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = rules["properties"] { properties = declared } else { properties = [:] }
            for key in members.keys.sorted() {
                if let rule = properties[key] {
                    if let found = violation(of: members[key]!, against: rule, at: "\(path).\(key)") { return found }
                } else if rules["additionalProperties"] == .bool(false) {
                    return "\(path): the key '\(key)' is not in the schema"
                }
            }
        }
        if case .array(let items) = value, let rule = rules["items"] {
            for (index, item) in items.enumerated() {
                if let found = violation(of: item, against: rule, at: "\(path)[\(index)]") { return found }
            }
        }
        return nil
    }

    private static func invalid(_ message: String) -> OpenAIError {
        OpenAIError(
            status: 502, message: message + " (lmarena's models have no native structured output; the gateway asks for JSON in the prompt)",
            type: .api, code: .invalidJsonOutput)
    }
}

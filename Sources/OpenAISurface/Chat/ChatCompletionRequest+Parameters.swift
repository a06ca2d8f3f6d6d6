import Foundation

extension ChatCompletionRequest {
    /// Sampling settings, limits, `n`, `stop`, and the fields refused when they ask for something.
    mutating func readParameters(_ object: [String: Any]) throws(OpenAIError) {
        // Validated as OpenAI validates them; lmarena's web API takes none of them (docs/API.md).
        _ = try RequestJSON.optionalNumber(object, "temperature", in: 0...2)
        _ = try RequestJSON.optionalNumber(object, "top_p", in: 0...1)
        _ = try RequestJSON.optionalNumber(object, "frequency_penalty", in: -2...2)
        _ = try RequestJSON.optionalNumber(object, "presence_penalty", in: -2...2)
        _ = try RequestJSON.optionalNumber(object, "min_p", in: 0...1)
        _ = try RequestJSON.optionalNumber(object, "repetition_penalty", in: 0...10)
        _ = try RequestJSON.optionalInteger(object, "top_k", in: 0...Int(Int32.max))
        _ = try RequestJSON.optionalInteger(object, "seed", in: Int(Int64.min / 2)...Int(Int64.max / 2))
        _ = try RequestJSON.optionalString(object, "user")
        _ = try RequestJSON.optionalString(object, "safety_identifier")
        _ = try RequestJSON.optionalString(object, "prompt_cache_key")
        _ = try RequestJSON.optionalString(object, "prompt_cache_retention", allowed: ["in_memory", "24h"])
        _ = try RequestJSON.optionalString(object, "reasoning_effort", allowed: ["none", "minimal", "low", "medium", "high", "xhigh"])
        _ = try RequestJSON.optionalString(object, "verbosity", allowed: ["low", "medium", "high"])
        _ = try RequestJSON.optionalString(object, "service_tier", allowed: ["auto", "default", "flex", "scale", "priority", "fast"])
        _ = try RequestJSON.optionalBool(object, "store")
        try Self.requireObject(object, "metadata")
        try Self.requireObject(object, "prompt_cache_options")

        let completion = try RequestJSON.optionalInteger(object, "max_completion_tokens", in: 1...Int(Int32.max))
        let legacy = try RequestJSON.optionalInteger(object, "max_tokens", in: 1...Int(Int32.max))
        maxTokens = completion ?? legacy
        choices = try RequestJSON.optionalInteger(object, "n", in: 1...Self.maxChoices) ?? 1
        stop = try Self.stopTexts(object["stop"])

        if try RequestJSON.optionalBool(object, "logprobs") == true {
            throw .invalidRequest(
                "logprobs are not available: lmarena returns no token probabilities", param: "logprobs", code: .unsupportedParameter)
        }
        if let top = try RequestJSON.optionalInteger(object, "top_logprobs", in: 0...20), top > 0 {
            throw .invalidRequest(
                "top_logprobs are not available: lmarena returns no token probabilities", param: "top_logprobs", code: .unsupportedParameter)
        }
        if let bias = object["logit_bias"], !(bias is NSNull) {
            guard let entries = bias as? [String: Any] else {
                throw .invalidRequest("Invalid type for 'logit_bias': expected an object.", param: "logit_bias", code: .invalidType)
            }
            guard entries.isEmpty else {
                throw .invalidRequest(
                    "logit_bias is not available: lmarena takes no token biases", param: "logit_bias", code: .unsupportedParameter)
            }
        }
        if let modalities = object["modalities"], !(modalities is NSNull) {
            guard let list = modalities as? [String] else {
                throw .invalidRequest("Invalid type for 'modalities': expected an array of strings.", param: "modalities", code: .invalidType)
            }
            guard list.allSatisfy({ $0 == "text" }) else {
                throw .invalidRequest("only text output is available through lmarena2api", param: "modalities", code: .unsupportedValue)
            }
        }
        for (field, what) in [("audio", "audio output"), ("prediction", "predicted outputs"), ("moderation", "moderation settings")] {
            if let value = object[field], !(value is NSNull) {
                throw .invalidRequest("\(what) (\(field)) are not available through lmarena2api", param: field, code: .unsupportedParameter)
            }
        }
        if let value = object["web_search_options"], !(value is NSNull) {
            throw .invalidRequest(
                "web_search_options is not available: ask a search model of the catalogue instead (its answers carry url_citation annotations)",
                param: "web_search_options", code: .unsupportedParameter)
        }
    }

    /// `stop`: a string or up to four strings; empty strings are dropped.
    static func stopTexts(_ value: Any?) throws(OpenAIError) -> [String] {
        switch value {
        case nil, is NSNull:
            return []
        case let text as String:
            return text.isEmpty ? [] : [text]
        case let list as [Any]:
            guard let texts = list as? [String] else {
                throw .invalidRequest("Invalid type for 'stop': expected a string or an array of strings.", param: "stop", code: .invalidType)
            }
            guard texts.count <= 4 else {
                throw .invalidRequest(
                    "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length \(texts.count) instead.",
                    param: "stop", code: .arrayAboveMaxLength)
            }
            return texts.filter { !$0.isEmpty }
        default:
            throw .invalidRequest("Invalid type for 'stop': expected a string or an array of strings.", param: "stop", code: .invalidType)
        }
    }

    /// A field that must be an object when present.
    private static func requireObject(_ object: [String: Any], _ key: String) throws(OpenAIError) {
        guard let value = object[key], !(value is NSNull) else { return }
        guard value is [String: Any] else {
            throw .invalidRequest("Invalid type for '\(key)': expected an object.", param: key, code: .invalidType)
        }
    }
}

/// Every top-level field of OpenAI's chat completion request, and what the gateway does with it:
/// the one list the decoder, the table of docs/API.md and its test read. A field not listed is a 400
/// naming it, as OpenAI answers.
enum ChatRequestFields {
    /// What happens to a field.
    enum Treatment: Sendable, Equatable {
        /// Done as OpenAI does it.
        case honoured
        /// Done in the gateway, as closely as lmarena allows; docs/API.md says how.
        case approximated
        /// Validated as OpenAI validates it, then without effect: lmarena's web API has nothing it
        /// could go to (sampling settings, caching, bookkeeping). docs/API.md lists each.
        case acceptedWithoutEffect
        /// Refused with a 400 naming it (only when it asks for something: `logprobs: true`,
        /// a non-empty `logit_bias`, audio output ...).
        case refusedWhenUsed
    }

    /// The fields, in the order of OpenAI's reference.
    static let all: [(name: String, treatment: Treatment)] = [
        ("messages", .honoured),
        ("model", .honoured),
        ("audio", .refusedWhenUsed),
        ("frequency_penalty", .acceptedWithoutEffect),
        ("function_call", .approximated),
        ("functions", .approximated),
        ("logit_bias", .refusedWhenUsed),
        ("logprobs", .refusedWhenUsed),
        ("max_completion_tokens", .approximated),
        ("max_tokens", .approximated),
        ("metadata", .acceptedWithoutEffect),
        ("modalities", .refusedWhenUsed),
        ("moderation", .refusedWhenUsed),
        ("n", .honoured),
        ("parallel_tool_calls", .approximated),
        ("prediction", .refusedWhenUsed),
        ("presence_penalty", .acceptedWithoutEffect),
        ("prompt_cache_key", .acceptedWithoutEffect),
        ("prompt_cache_options", .acceptedWithoutEffect),
        ("prompt_cache_retention", .acceptedWithoutEffect),
        ("reasoning_effort", .acceptedWithoutEffect),
        ("response_format", .approximated),
        ("safety_identifier", .acceptedWithoutEffect),
        ("seed", .acceptedWithoutEffect),
        ("service_tier", .acceptedWithoutEffect),
        ("stop", .honoured),
        ("store", .acceptedWithoutEffect),
        ("stream", .honoured),
        ("stream_options", .honoured),
        ("temperature", .acceptedWithoutEffect),
        ("tool_choice", .approximated),
        ("tools", .approximated),
        ("top_logprobs", .refusedWhenUsed),
        ("top_p", .acceptedWithoutEffect),
        ("user", .acceptedWithoutEffect),
        ("verbosity", .acceptedWithoutEffect),
        ("web_search_options", .refusedWhenUsed),
        // Not OpenAI's, but sent by OpenAI-compatible front ends (SillyTavern and others).
        ("top_k", .acceptedWithoutEffect),
        ("min_p", .acceptedWithoutEffect),
        ("repetition_penalty", .acceptedWithoutEffect),
    ]

    /// The names, for look-up.
    static let names: Set<String> = Set(all.map(\.name))

    /// The first field of `object` the gateway does not know, in name order (so the error is stable).
    static func unknown(in object: [String: Any]) -> String? {
        object.keys.filter { !names.contains($0) }.sorted().first
    }
}

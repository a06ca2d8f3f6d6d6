import Foundation

/// What a client read from an OpenAI server-sent event stream, frame by frame.
public struct SSETranscript: Sendable {
    /// Every `data:` payload that was JSON, in order.
    public var frames: [[String: any Sendable]] = []
    /// Whether the stream ended with `data: [DONE]`.
    public var done = false
    /// Text from `delta.content`, joined.
    public var content = ""
    /// Text from `delta.reasoning_content`, joined.
    public var reasoning = ""
    /// The finish reason of the last chunk that had one.
    public var finishReason: String?
    /// The `usage` of the usage chunk.
    public var usage: [String: Int]?
    /// The `error` object of an error frame.
    public var error: [String: String]?
    /// Frames that broke OpenAI's chunk rules, described.
    public var violations: [String] = []

    /// Parses a whole stream body.
    public init(_ text: String) {
        var ids = Set<String>()
        var createds = Set<Int>()
        var sawRole = false
        for block in text.components(separatedBy: "\n\n") where !block.isEmpty {
            guard block.hasPrefix("data: ") else {
                violations.append("not a data line: \(block.prefix(80))")
                continue
            }
            let payload = String(block.dropFirst(6))
            if payload == "[DONE]" {
                done = true
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else {
                violations.append("not JSON: \(payload.prefix(80))")
                continue
            }
            if done { violations.append("a frame after [DONE]") }
            if let error = object["error"] as? [String: Any] {
                self.error = error.compactMapValues { $0 as? String }
                continue
            }
            frames.append(object.mapValues { "\($0)" })
            if let id = object["id"] as? String { ids.insert(id) }
            if let created = object["created"] as? Int { createds.insert(created) }
            if object["object"] as? String != "chat.completion.chunk" { violations.append("object is not chat.completion.chunk") }
            if let usage = object["usage"] as? [String: Any] {
                self.usage = usage.compactMapValues { $0 as? Int }
            }
            guard let choices = object["choices"] as? [[String: Any]] else {
                violations.append("no choices array")
                continue
            }
            for choice in choices {
                let delta = choice["delta"] as? [String: Any] ?? [:]
                if delta["role"] != nil {
                    if sawRole || frames.count != 1 { violations.append("role outside the first chunk") }
                    sawRole = true
                }
                if let piece = delta["content"] as? String { content += piece }
                if let piece = delta["reasoning_content"] as? String { reasoning += piece }
                if let reason = choice["finish_reason"] as? String {
                    if finishReason != nil { violations.append("two chunks with a finish reason") }
                    finishReason = reason
                } else if !(choice["finish_reason"] is NSNull) {
                    violations.append("finish_reason missing instead of null")
                } else if finishReason != nil {
                    violations.append("a chunk after the finish chunk")
                }
            }
        }
        if ids.count > 1 { violations.append("frames carry \(ids.count) different ids") }
        if createds.count > 1 { violations.append("frames carry \(createds.count) different created times") }
        if !frames.isEmpty && !sawRole { violations.append("no chunk carried role: assistant") }
    }
}

import Foundation

/// The `output` of a response as it is produced, and the stream events that tell it: a state
/// machine fed reasoning, text and tool calls in answer order. Each change of kind closes the
/// item in progress; every event carries its `sequence_number`. A collected response uses the
/// same machine and keeps only the items.
package struct ResponseOutput: Sendable {
    /// An output with no item yet.
    package init() {}

    /// The kinds of item.
    private enum Open: Sendable {
        case none
        case reasoning(id: String, text: String)
        case message(id: String, text: String)
    }

    private var open = Open.none
    /// Finished items, as JSON objects.
    package private(set) var items: [[String: any Sendable]] = []
    /// The next event's sequence number.
    private(set) var sequence = 0
    /// All the text of the answer, for usage.
    package private(set) var text = ""

    /// An event with its type and sequence number.
    private mutating func event(_ type: String, _ fields: [String: any Sendable]) -> [String: any Sendable] {
        var event = fields
        event["type"] = type
        event["sequence_number"] = sequence
        sequence += 1
        return event
    }

    /// `response.created` and `response.in_progress` for `response` (its status `in_progress`).
    package mutating func start(_ response: [String: any Sendable]) -> [[String: any Sendable]] {
        [event("response.created", ["response": response]), event("response.in_progress", ["response": response])]
    }

    /// Reasoning text (`ag:` lines), as a reasoning summary.
    package mutating func reasoning(_ delta: String) -> [[String: any Sendable]] {
        var events: [[String: any Sendable]] = []
        if case .reasoning(let id, let sofar) = open {
            open = .reasoning(id: id, text: sofar + delta)
            return [event("response.reasoning_summary_text.delta", ["item_id": id, "output_index": items.count, "summary_index": 0, "delta": delta])]
        }
        events += close()
        let id = Self.newID("rs")
        open = .reasoning(id: id, text: delta)
        events.append(
            event(
                "response.output_item.added",
                ["output_index": items.count, "item": ["type": "reasoning", "id": id, "summary": [any Sendable]()] as [String: any Sendable]]))
        events.append(
            event(
                "response.reasoning_summary_part.added",
                [
                    "item_id": id, "output_index": items.count, "summary_index": 0,
                    "part": ["type": "summary_text", "text": ""] as [String: any Sendable],
                ]))
        events.append(
            event("response.reasoning_summary_text.delta", ["item_id": id, "output_index": items.count, "summary_index": 0, "delta": delta]))
        return events
    }

    /// Answer text.
    package mutating func output(_ delta: String) -> [[String: any Sendable]] {
        guard !delta.isEmpty else { return [] }
        text += delta
        let content = ["type": "output_text", "text": "", "annotations": [any Sendable](), "logprobs": [any Sendable]()] as [String: any Sendable]
        var events: [[String: any Sendable]] = []
        if case .message(let id, let sofar) = open {
            open = .message(id: id, text: sofar + delta)
        } else {
            events += close()
            let id = Self.newID("msg")
            open = .message(id: id, text: delta)
            let item: [String: any Sendable] = [
                "type": "message", "id": id, "status": "in_progress", "role": "assistant", "content": [any Sendable](),
            ]
            events.append(event("response.output_item.added", ["output_index": items.count, "item": item]))
            events.append(event("response.content_part.added", ["item_id": id, "output_index": items.count, "content_index": 0, "part": content]))
        }
        guard case .message(let id, _) = open else { return events }
        events.append(
            event(
                "response.output_text.delta",
                [
                    "item_id": id, "output_index": items.count, "content_index": 0, "delta": delta, "logprobs": [any Sendable](),
                ]))
        return events
    }

    /// A tool call, whole.
    package mutating func call(_ call: ToolCall) -> [[String: any Sendable]] {
        var events = close()
        let id = Self.newID("fc")
        var item: [String: any Sendable] = [
            "type": "function_call", "id": id, "call_id": call.id, "name": call.name, "arguments": "", "status": "in_progress",
        ]
        events.append(event("response.output_item.added", ["output_index": items.count, "item": item]))
        events.append(event("response.function_call_arguments.delta", ["item_id": id, "output_index": items.count, "delta": call.arguments]))
        events.append(
            event(
                "response.function_call_arguments.done", ["item_id": id, "output_index": items.count, "name": call.name, "arguments": call.arguments])
        )
        item["arguments"] = call.arguments
        item["status"] = "completed"
        events.append(event("response.output_item.done", ["output_index": items.count, "item": item]))
        items.append(item)
        return events
    }

    /// Closes the item in progress.
    package mutating func close() -> [[String: any Sendable]] {
        defer { open = .none }
        switch open {
        case .none:
            return []
        case .reasoning(let id, let text):
            let part: [String: any Sendable] = ["type": "summary_text", "text": text]
            let item: [String: any Sendable] = ["type": "reasoning", "id": id, "summary": [part] as [any Sendable]]
            let events = [
                event("response.reasoning_summary_text.done", ["item_id": id, "output_index": items.count, "summary_index": 0, "text": text]),
                event("response.reasoning_summary_part.done", ["item_id": id, "output_index": items.count, "summary_index": 0, "part": part]),
                event("response.output_item.done", ["output_index": items.count, "item": item]),
            ]
            items.append(item)
            return events
        case .message(let id, let text):
            let part: [String: any Sendable] = ["type": "output_text", "text": text, "annotations": [any Sendable](), "logprobs": [any Sendable]()]
            let item: [String: any Sendable] = [
                "type": "message", "id": id, "status": "completed", "role": "assistant", "content": [part] as [any Sendable],
            ]
            let events = [
                event(
                    "response.output_text.done",
                    ["item_id": id, "output_index": items.count, "content_index": 0, "text": text, "logprobs": [any Sendable]()]),
                event("response.content_part.done", ["item_id": id, "output_index": items.count, "content_index": 0, "part": part]),
                event("response.output_item.done", ["output_index": items.count, "item": item]),
            ]
            items.append(item)
            return events
        }
    }

    /// `response.completed` (or `response.incomplete`) with the finished response.
    package mutating func complete(_ response: [String: any Sendable], incomplete: Bool) -> [[String: any Sendable]] {
        [event(incomplete ? "response.incomplete" : "response.completed", ["response": response])]
    }

    /// `response.failed` with the response and its error.
    package mutating func fail(_ response: [String: any Sendable]) -> [[String: any Sendable]] {
        [event("response.failed", ["response": response])]
    }

    /// An id in OpenAI's style: a prefix, `_`, and 40 hex characters.
    package static func newID(_ prefix: String) -> String {
        prefix + "_" + (0..<40).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
    }
}

import Foundation

/// The `output` of a response as it is produced, and the events that tell it: a state machine
/// fed reasoning, text and tool calls in answer order, returning the events each step causes.
/// Each change of kind closes the item in progress. A collected response uses the same machine
/// and keeps only the items.
package struct ResponseOutput: Sendable {
    /// An output with no item yet.
    package init() {}

    /// The kind of the item in progress.
    private enum Forming: Sendable {
        case none
        case reasoning(id: String)
        case message(id: String)
    }

    private var forming = Forming.none
    /// The text of the item in progress, appended in place.
    private var formingText = ""
    /// Finished items.
    package private(set) var items: [ResponseItem] = []
    /// All the text of the answer, for usage.
    package private(set) var text = ""

    /// The output of a collected answer: its reasoning, its text, then its tool calls.
    package init(collected choice: ChatChoice) {
        if !choice.reasoning.isEmpty { _ = reasoning(choice.reasoning) }
        if let content = choice.content { _ = output(content) }
        _ = close()
        for call in choice.toolCalls { _ = self.call(call) }
    }

    /// Reasoning text (`ag:` lines), as a reasoning summary.
    package mutating func reasoning(_ delta: String) -> [ResponseEvent] {
        if case .reasoning(let id) = forming {
            formingText += delta
            return [.summaryTextDelta(itemID: id, index: items.count, delta: delta)]
        }
        var events = close()
        let id = Self.newID("rs")
        forming = .reasoning(id: id)
        formingText = delta
        events.append(.itemAdded(.reasoning(id: id, text: ""), index: items.count))
        events.append(.summaryPartAdded(itemID: id, index: items.count))
        events.append(.summaryTextDelta(itemID: id, index: items.count, delta: delta))
        return events
    }

    /// Answer text.
    package mutating func output(_ delta: String) -> [ResponseEvent] {
        guard !delta.isEmpty else { return [] }
        text += delta
        if case .message(let id) = forming {
            formingText += delta
            return [.outputTextDelta(itemID: id, index: items.count, delta: delta)]
        }
        var events = close()
        let id = Self.newID("msg")
        forming = .message(id: id)
        formingText = delta
        events.append(.itemAdded(.message(id: id, text: ""), index: items.count))
        events.append(.contentPartAdded(itemID: id, index: items.count))
        events.append(.outputTextDelta(itemID: id, index: items.count, delta: delta))
        return events
    }

    /// A tool call, whole.
    package mutating func call(_ call: ToolCall) -> [ResponseEvent] {
        var events = close()
        let item = ResponseItem.functionCall(id: Self.newID("fc"), call: call)
        events.append(.itemAdded(item, index: items.count))
        events.append(.argumentsDelta(itemID: item.id, index: items.count, delta: call.arguments))
        events.append(.argumentsDone(itemID: item.id, index: items.count, name: call.name, arguments: call.arguments))
        events.append(.itemDone(item, index: items.count))
        items.append(item)
        return events
    }

    /// Closes the item in progress.
    package mutating func close() -> [ResponseEvent] {
        defer {
            forming = .none
            formingText = ""
        }
        let index = items.count
        switch forming {
        case .none:
            return []
        case .reasoning(let id):
            let item = ResponseItem.reasoning(id: id, text: formingText)
            items.append(item)
            return [
                .summaryTextDone(itemID: id, index: index, text: formingText),
                .summaryPartDone(itemID: id, index: index, text: formingText),
                .itemDone(item, index: index),
            ]
        case .message(let id):
            let item = ResponseItem.message(id: id, text: formingText)
            items.append(item)
            return [
                .outputTextDone(itemID: id, index: index, text: formingText),
                .contentPartDone(itemID: id, index: index, text: formingText),
                .itemDone(item, index: index),
            ]
        }
    }

    /// An id in OpenAI's style: a prefix, `_`, and 40 hex characters.
    package static func newID(_ prefix: String) -> String {
        prefix + "_" + (0..<40).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
    }
}

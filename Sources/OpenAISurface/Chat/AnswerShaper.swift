import Foundation

/// Shapes an answer's text as the request asked, as it streams: takes `<tool_call>` blocks out as
/// tool calls, ends the text at a `stop` string, cuts it at `max_tokens` (by the usage estimate),
/// and strips a code fence around a JSON answer. A state machine fed piece by piece; the same
/// code serves streamed and collected answers.
///
/// Text that may be the start of something to take out (a tag, a stop string, a closing fence)
/// is held back until it is clear, never longer: at most the longest of them.
package struct AnswerShaper: Sendable {
    /// What comes out.
    package enum Piece: Sendable, Equatable {
        /// Text for the client.
        case text(String)
        /// A tool call, complete.
        case call(ToolCall)
    }

    /// Why the shaper ended the answer before lmarena did.
    package enum Cut: Sendable, Equatable {
        /// A stop string appeared.
        case stop
        /// The token limit was reached.
        case length
    }

    private let tools: Set<String>
    private let stops: [String]
    private let maxTokens: Int?
    private let stripsFences: Bool
    private var pending = ""
    private var openingSettled: Bool
    private var tally = TokenEstimate.Tally()
    /// The calls taken out so far.
    private(set) var calls: [ToolCall] = []
    /// Set once the shaper ended the answer; nothing more comes out.
    package private(set) var cut: Cut?

    /// A shaper for these tools, stop strings, limit and fence stripping.
    init(tools: Set<String> = [], stops: [String] = [], maxTokens: Int? = nil, stripsFences: Bool = false) {
        self.tools = tools
        self.stops = stops
        self.maxTokens = maxTokens
        self.stripsFences = stripsFences
        self.openingSettled = !stripsFences
    }

    /// A shaper for what `request` asks.
    package init(for request: ChatCompletionRequest) {
        self.init(
            tools: Set(request.tools.map(\.name)), stops: request.stop, maxTokens: request.maxTokens, stripsFences: request.responseFormat.wantsJSON)
    }

    /// The finish reason the answer ends with, given lmarena's (`stop` when it sent none).
    package func finishReason(upstream: String, legacyFunctions: Bool = false) -> String {
        if !calls.isEmpty { return legacyFunctions ? "function_call" : "tool_calls" }
        switch cut {
        case .length: return "length"
        case .stop: return "stop"
        case nil: return upstream
        }
    }

    /// Takes the next piece of the answer's text.
    package mutating func feed(_ text: String) -> [Piece] {
        guard cut == nil else { return [] }
        pending += text
        return drain(final: false)
    }

    /// The answer ended: everything held back comes out (an unclosed block as text).
    package mutating func finish() -> [Piece] {
        guard cut == nil else { return [] }
        return drain(final: true)
    }

    private mutating func drain(final: Bool) -> [Piece] {
        var out: [Piece] = []
        if !openingSettled {
            guard settleOpening(final: final) else { return out }
        }
        // A stop string ends the answer where it starts; what follows is never sent.
        if let stop = firstStop() {
            pending = String(pending[..<stop])
            cut = .stop
            return out + takeBlocks(final: true)
        }
        if final, stripsFences { pending = Self.withoutClosingFence(pending) }
        out += takeBlocks(final: final)
        return out
    }

    /// Emits text and complete blocks from `pending`, keeping what is still undecided. `pending`
    /// is always updated before anything is emitted: the limit may end the answer mid-way.
    private mutating func takeBlocks(final: Bool) -> [Piece] {
        var out: [Piece] = []
        while !pending.isEmpty, cut != .length {
            if !tools.isEmpty, let open = pending.range(of: PromptInstructions.callOpen) {
                let before = String(pending[..<open.lowerBound])
                guard let close = pending.range(of: PromptInstructions.callClose, range: open.upperBound..<pending.endIndex) else {
                    let unclosed = String(pending[open.lowerBound...])
                    pending = final ? "" : unclosed
                    out += emit(before)
                    if final { out += emit(unclosed) }
                    return out
                }
                let inner = String(pending[open.upperBound..<close.lowerBound])
                let block = String(pending[open.lowerBound..<close.upperBound])
                pending = String(pending[close.upperBound...])
                out += emit(before)
                guard cut != .length else { return out }
                if let call = call(from: inner) {
                    out.append(.call(call))
                    calls.append(call)
                } else {
                    out += emit(block)
                }
                continue
            }
            let keep = final ? 0 : heldBack()
            let cutAt = pending.index(pending.endIndex, offsetBy: -keep)
            let ready = String(pending[..<cutAt])
            pending = String(pending[cutAt...])
            out += emit(ready)
            return out
        }
        return out
    }

    /// Characters at the end that may begin a tag, a stop string or a closing fence.
    private func heldBack() -> Int {
        var keep = 0
        if !tools.isEmpty { keep = max(keep, Self.partialSuffix(of: pending, toward: PromptInstructions.callOpen)) }
        for stop in stops { keep = max(keep, Self.partialSuffix(of: pending, toward: stop)) }
        if stripsFences {
            let tail = pending.reversed().prefix { $0 == "`" || $0.isWhitespace }
            keep = max(keep, tail.count)
        }
        return min(keep, pending.count)
    }

    /// Text out, up to the token limit.
    private mutating func emit(_ text: String) -> [Piece] {
        guard !text.isEmpty, cut != .length else { return [] }
        guard let maxTokens else { return text.isEmpty ? [] : [.text(text)] }
        var next = tally
        next.add(text)
        if next.tokens <= maxTokens {
            tally = next
            return text.isEmpty ? [] : [.text(text)]
        }
        // The longest start of the text that stays within the limit.
        var fitted = ""
        for character in text {
            var trial = tally
            trial.add(fitted + String(character))
            if trial.tokens > maxTokens { break }
            fitted.append(character)
        }
        tally.add(fitted)
        cut = .length
        pending = ""
        return fitted.isEmpty ? [] : [.text(fitted)]
    }

    /// The earliest place a stop string starts in `pending`.
    private func firstStop() -> String.Index? {
        stops.compactMap { pending.range(of: $0)?.lowerBound }.min()
    }

    /// Drops an opening code fence line (```json) once it can be told; `false` while undecided.
    private mutating func settleOpening(final: Bool) -> Bool {
        let trimmed = pending.drop { $0.isWhitespace }
        if trimmed.hasPrefix("```") {
            guard let newline = trimmed.firstIndex(of: "\n") else {
                if final {
                    pending = ""
                    openingSettled = true
                }
                return final
            }
            pending = String(trimmed[trimmed.index(after: newline)...])
        } else if !final, trimmed.count < 3, "```".hasPrefix(trimmed) {
            return false
        }
        openingSettled = true
        return true
    }

    /// A call from the text between the tags: `{"name": a known tool, "arguments": {...}}`.
    private func call(from inner: String) -> ToolCall? {
        guard case .object(let object)? = JSONValue(parsing: inner.trimmingCharacters(in: .whitespacesAndNewlines)),
            let name = object["name"]?.string, tools.contains(name)
        else { return nil }
        let arguments: JSONValue
        switch object["arguments"] ?? object["parameters"] {
        case .string(let text)?: arguments = JSONValue(parsing: text) ?? .object([:])
        case let value?: arguments = value
        case nil: arguments = .object([:])
        }
        guard case .object = arguments else { return nil }
        return ToolCall(id: ToolCall.newID(), name: name, arguments: arguments.text)
    }

    /// The length of the longest suffix of `text` that is a proper prefix of `target`.
    static func partialSuffix(of text: String, toward target: String) -> Int {
        var length = min(text.count, target.count - 1)
        while length > 0 {
            if target.hasPrefix(text.suffix(length)) { return length }
            length -= 1
        }
        return 0
    }

    /// `text` without a closing code fence (and the blank space around it) at its end.
    static func withoutClosingFence(_ text: String) -> String {
        var trimmed = Substring(text)
        while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
        guard trimmed.hasSuffix("```") else { return text }
        trimmed = trimmed.dropLast(3)
        while trimmed.last?.isWhitespace == true { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}

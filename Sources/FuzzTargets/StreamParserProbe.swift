import ArenaWire
import Foundation
import NIOCore
import OpenAISurface

/// The stream parser under fuzzing: the first input byte chooses how the rest is cut into
/// chunks, the rest is the stream.
///
/// Properties: the events and the error do not depend on where chunks were cut (the whole
/// stream at once, then in the cut pieces); every frame the OpenAI encoder writes for those
/// events is one `data:` line of valid JSON; and the text and reasoning a client reads back from
/// the frames are exactly the text and reasoning the stream carried.
enum StreamParserProbe {
    /// What parsing a stream gave: the events, and the error that stopped it if one did.
    struct Outcome: Equatable {
        var events: [ArenaEvent] = []
        var error: String?
    }

    static func run(_ input: UnsafeRawBufferPointer) -> FuzzFinding? {
        guard let seed = input.first else { return nil }
        let stream = UnsafeRawBufferPointer(rebasing: input[1...])
        let whole = parse(stream, pieces: [stream.count])
        let cut = parse(stream, pieces: pieceSizes(total: stream.count, seed: seed))
        guard whole == cut else {
            return FuzzFinding("cutting the stream into chunks changed what was parsed: whole \(whole), cut \(cut)")
        }
        return checkFrames(of: whole.events)
    }

    /// Parses `stream` fed as chunks of the given sizes, then finishes it.
    static func parse(_ stream: UnsafeRawBufferPointer, pieces: [Int]) -> Outcome {
        var parser = ArenaStreamParser()
        var outcome = Outcome()
        var start = 0
        do {
            for size in pieces where start < stream.count {
                let end = min(stream.count, start + size)
                try parser.feed(UnsafeRawBufferPointer(rebasing: stream[start..<end]), into: &outcome.events)
                start = end
            }
            try parser.finish(into: &outcome.events)
        } catch {
            outcome.error = "\(error)"
        }
        return outcome
    }

    /// Chunk sizes from a small generator seeded by `seed`: seed 0 feeds one byte at a time.
    static func pieceSizes(total: Int, seed: UInt8) -> [Int] {
        var sizes: [Int] = []
        var state = UInt32(seed) &* 2_654_435_761 | 1
        let largest = Int(seed % 64) + 1
        var covered = 0
        while covered < total {
            state = state &* 1_103_515_245 &+ 12345
            let size = seed == 0 ? 1 : Int((state >> 16) % UInt32(largest)) + 1
            sizes.append(size)
            covered += size
        }
        return sizes
    }

    /// Encodes `events` as a streamed chat completion and reads the frames back.
    static func checkFrames(of events: [ArenaEvent]) -> FuzzFinding? {
        var encoder = ChatCompletionStreamEncoder(id: "chatcmpl-fuzz", created: 0, model: "fuzz-model", includeUsage: true)
        var buffer = ByteBuffer()
        for event in events {
            encoder.write(event, into: &buffer)
        }
        encoder.writeEnd(finishReason: "stop", usage: CompletionUsage(promptTokens: 1, completionTokens: 1), into: &buffer)
        let text = String(buffer: buffer)
        guard text.hasSuffix("data: [DONE]\n\n") else { return FuzzFinding("the frames do not end with data: [DONE]") }
        let frames = text.dropLast("data: [DONE]\n\n".count).split(separator: "\n\n", omittingEmptySubsequences: false).dropLast()
        var payloads: [Substring] = []
        for frame in frames {
            guard frame.hasPrefix("data: "), !frame.contains("\n") else {
                return FuzzFinding("a frame is not one data: line: \(frame.prefix(200).debugDescription)")
            }
            payloads.append(frame.dropFirst("data: ".count))
        }
        // Every frame must be a JSON object: read all at once, as the elements of one array.
        let joined = Data(("[" + payloads.joined(separator: ",") + "]").utf8)
        guard let objects = (try? JSONSerialization.jsonObject(with: joined)) as? [Any], objects.count == payloads.count else {
            return FuzzFinding("the frames are not JSON: \(text.prefix(300).debugDescription)")
        }
        var content = ""
        var reasoning = ""
        for object in objects {
            guard let object = object as? [String: Any] else {
                return FuzzFinding("a frame is not a JSON object: \(text.prefix(300).debugDescription)")
            }
            let choices = object["choices"] as? [[String: Any]] ?? []
            if let delta = choices.first?["delta"] as? [String: Any] {
                content += delta["content"] as? String ?? ""
                reasoning += delta["reasoning_content"] as? String ?? ""
            }
        }
        let sentReasoning = events.compactMap { event -> String? in
            if case .reasoning(let part) = event { return part }
            return nil
        }.joined()
        guard reasoning == sentReasoning else {
            return FuzzFinding("the reasoning read back differs: \(reasoning.prefix(200).debugDescription)")
        }
        let hasImages = events.contains { if case .images = $0 { return true } else { return false } }
        let sentText = events.compactMap { event -> String? in
            if case .text(let part) = event { return part }
            return nil
        }.joined()
        guard hasImages || content == sentText else {
            return FuzzFinding("the text read back differs: \(content.prefix(200).debugDescription)")
        }
        return nil
    }
}

import NIOCore
import Testing

@testable import OpenAISurface

struct ChatCompletionRequestTests {
    static func decode(_ json: String) throws(OpenAIError) -> ChatCompletionRequest {
        try ChatCompletionRequest.decode(ByteBuffer(string: json))
    }

    static func rejection(_ json: String) -> OpenAIError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error
        }
    }

    @Test func decodesAStreamingRequest() throws {
        let request = try Self.decode(
            """
            {"model":"m","stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"max_tokens":10,
             "messages":[{"role":"system","content":"Be terse."},{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
                         {"role":"assistant","content":null}]}
            """)
        #expect(request.model == "m")
        #expect(request.stream)
        #expect(request.includeUsage)
        #expect(
            request.messages == [
                ChatMessage(role: .system, text: "Be terse."), ChatMessage(role: .user, text: "a\nb"), ChatMessage(role: .assistant, text: ""),
            ])
    }

    @Test func streamDefaultsToFalse() throws {
        let request = try Self.decode(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":null,"n":1}"#)
        #expect(!request.stream)
        #expect(!request.includeUsage)
    }

    @Test(arguments: [
        ("{bad", nil as String?),
        ("[1,2]", nil),
        ("", nil),
        (#"{"messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":7,"messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":"m"}"#, "messages"),
        (#"{"model":"m","messages":{}}"#, "messages"),
        (#"{"model":"m","messages":[]}"#, "messages"),
        (#"{"model":"m","messages":[{"role":"user","content":""}]}"#, "messages"),
        (#"{"model":"m","messages":["hi"]}"#, "messages[0]"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"robot","content":"y"}]}"#, "messages[1].role"),
        (#"{"model":"m","messages":[{"content":"y"}]}"#, "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"user","content":42}]}"#, "messages[0].content"),
        (
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"input_audio","input_audio":{"data":"x"}}]}]}"#,
            "messages[0].content[1]"
        ),
        (
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"x"}}]}]}"#,
            "messages[0].content[1].image_url.url"
        ),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}"#, "messages[0].content[0].text"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#, "stream"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":1}"#, "stream"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":"no"}}"#, "stream_options.include_usage"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"n":9}"#, "n"),
    ])
    func rejectsWithTheFieldNamed(json: String, param: String?) {
        let error = Self.rejection(json)
        #expect(error?.status == 400, "\(json)")
        #expect(error?.type == .invalidRequest)
        #expect(error?.param == param, "\(json)")
        #expect(error?.message.isEmpty == false)
    }
}

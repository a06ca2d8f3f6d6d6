import Foundation
import NIOCore
import Testing

@testable import OpenAISurface

/// Output JSON written by the byte writer: values, numbers, the response object and image answers.
struct JSONOutputTests {
    @Test func aValueIsWrittenWithSortedKeysIntegralNumbersAndEscapes() {
        let value = JSONValue.object([
            "z": .array([.number(3), .number(0.25), .number(-1e20), .bool(true), .null]),
            "a": .string("line\n\"quoted\" ünï"),
        ])
        var buffer = ByteBuffer()
        value.write(into: &buffer)
        #expect(String(buffer: buffer) == #"{"a":"line\n\"quoted\" ünï","z":[3,0.25,-1e+20,true,null]}"#)
        #expect(JSONValue(parsing: String(buffer: buffer)) == value)
    }

    @Test func aNumberJSONCannotHoldIsNull() {
        var buffer = ByteBuffer()
        buffer.writeJSONNumber(.infinity)
        buffer.writeJSONNumber(.nan)
        #expect(String(buffer: buffer) == "nullnull")
    }

    @Test func theResponseObjectEchoesToolsChoiceFormatAndSettings() throws {
        let request = try ResponsesRequest.decode(
            ByteBuffer(
                string: #"""
                    {"model":"m","input":"hi","instructions":"be brief","max_output_tokens":50,"temperature":0.5,"top_p":0.9,
                     "tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{}}}],
                     "tool_choice":{"type":"function","name":"f"},"parallel_tool_calls":false,
                     "text":{"format":{"type":"json_schema","name":"s","schema":{"type":"object"},"strict":true}}}
                    """#))
        let body = ResponseObject(request: request, promptText: "hi").body(status: .completed, output: ResponseOutput())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
        #expect(object["instructions"] as? String == "be brief")
        #expect(object["max_output_tokens"] as? Int == 50)
        #expect(object["temperature"] as? Double == 0.5)
        #expect(object["top_p"] as? Double == 0.9)
        #expect(object["parallel_tool_calls"] as? Bool == false)
        #expect(object["tool_choice"] as? [String: String] == ["type": "function", "name": "f"])
        let tools = try #require(object["tools"] as? [[String: Any]])
        #expect(tools.first?["name"] as? String == "f")
        #expect(tools.first?["description"] is NSNull)
        let format = try #require((object["text"] as? [String: Any])?["format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        #expect(format["strict"] as? Bool == true)
        #expect(object["previous_response_id"] is NSNull)
        #expect((object["id"] as? String)?.hasPrefix("resp_") == true)
    }

    @Test func imagesAnswerAsURLsOrAsBase64() throws {
        var images = GeneratedImages(urls: ["https://x.test/a.png?s=1&t=\"2\"", "https://x.test/b.png"], now: Date(timeIntervalSince1970: 7))
        #expect(String(buffer: images.body()) == #"{"created":7,"data":[{"url":"https://x.test/a.png?s=1&t=\"2\""},{"url":"https://x.test/b.png"}]}"#)
        images.bytes = [ByteBuffer(bytes: [0, 1, 2]), ByteBuffer(string: "png")]
        #expect(String(buffer: images.body()) == #"{"created":7,"data":[{"b64_json":"AAEC"},{"b64_json":"cG5n"}]}"#)
    }
}

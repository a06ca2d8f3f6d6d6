import Foundation
import NIOCore
import Testing

@testable import ArenaWire

struct JSONStringCodecTests {
    @Test(arguments: [
        (#""plain""#, "plain"),
        (#""q\" b\\ s\/ \b\f\n\r\t""#, "q\" b\\ s/ \u{8}\u{C}\n\r\t"),
        (#""\u00e9\u4E2D\ud83d\ude00""#, "é中😀"),
        (#"  "padded"  "#, "padded"),
        (#""raw ü 😀""#, "raw ü 😀"),
        (#""lone \ud83d surrogate""#, "lone \u{FFFD} surrogate"),
    ])
    func decodes(literal: String, expected: String) {
        #expect(JSONStringCodec.decode(literal) == expected)
    }

    @Test(arguments: [#"unquoted"#, #""open"#, #""bad \x escape""#, #""a" "b""#, "\"tab\tinside\"", #""\u12""#, ""])
    func rejects(literal: String) {
        #expect(JSONStringCodec.decode(literal) == nil)
    }

    @Test func encodingRoundTripsThroughFoundation() throws {
        var all = "quote \" backslash \\ slash / é 中 😀 "
        for value in 0..<0x20 { all.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        let literal = JSONStringCodec.encode(all)
        let decoded = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: [.fragmentsAllowed]) as? String
        #expect(decoded == all)
        #expect(JSONStringCodec.decode(literal) == all)
    }
}

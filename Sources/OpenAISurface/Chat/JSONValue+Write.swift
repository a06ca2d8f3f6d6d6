import ArenaWire
import NIOCore

extension JSONValue {
    /// Writes the value as compact JSON, object keys sorted (so that the same value is always
    /// the same text), integral numbers without a fraction.
    package func write(into buffer: inout ByteBuffer) {
        switch self {
        case .null:
            buffer.writeStaticString("null")
        case .bool(let value):
            buffer.writeStaticString(value ? "true" : "false")
        case .number(let value):
            buffer.writeJSONNumber(value)
        case .string(let value):
            JSONStringCodec.write(value, into: &buffer)
        case .array(let values):
            buffer.writeStaticString("[")
            for (position, value) in values.enumerated() {
                if position > 0 { buffer.writeStaticString(",") }
                value.write(into: &buffer)
            }
            buffer.writeStaticString("]")
        case .object(let members):
            buffer.writeStaticString("{")
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { buffer.writeStaticString(",") }
                JSONStringCodec.write(key, into: &buffer)
                buffer.writeStaticString(":")
                members[key]!.write(into: &buffer)
            }
            buffer.writeStaticString("}")
        }
    }
}

extension ByteBuffer {
    /// Writes a JSON number: an integral value below 10^15 as an integer, any other finite value
    /// in its shortest exact form, and `null` for what JSON cannot hold (infinity, NaN).
    package mutating func writeJSONNumber(_ value: Double) {
        guard value.isFinite else {
            writeStaticString("null")
            return
        }
        if value.rounded() == value, abs(value) < 1e15 {
            writeString(String(Int64(value)))
        } else {
            writeString(String(value))
        }
    }
}

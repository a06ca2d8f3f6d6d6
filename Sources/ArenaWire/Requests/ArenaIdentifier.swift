import Foundation

/// Generates the ids lmarena expects: UUIDv7 for `v2`, lower-case UUIDv4 for `legacy`.
enum ArenaIdentifier {
    /// A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, variant 10, random bits.
    static func uuidV7(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return uuidV7(milliseconds: UInt64(max(0, now.timeIntervalSince1970 * 1000)), using: &generator)
    }

    /// A UUIDv7 for the given millisecond timestamp, with randomness from `generator`.
    static func uuidV7<G: RandomNumberGenerator>(milliseconds: UInt64, using generator: inout G) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * UInt64(5 - index)))
        }
        for index in 6..<16 {
            bytes[index] = UInt8.random(in: 0...255, using: &generator)
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        return format(bytes)
    }

    /// A lower-case random UUIDv4.
    static func uuidV4() -> String {
        UUID().uuidString.lowercased()
    }

    private static func format(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation
import NIOCore
import Settings

#if canImport(Glibc)
    import Glibc
#endif

/// The peers whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`): addresses or CIDR ranges,
/// IPv4 or IPv6.
public struct TrustedProxies: Sendable, Equatable {
    private struct Range: Sendable, Equatable {
        let bytes: [UInt8]
        let prefixLength: Int
    }

    private let ranges: [Range]

    /// No trusted proxies: `X-Forwarded-For` is ignored.
    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Parses `10.0.0.1, 172.16.0.0/12, ::1`.
    public init(parsing list: String) throws(ConfigurationError) {
        var ranges: [Range] = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let parts = item.split(separator: "/", maxSplits: 1)
            guard let bytes = Self.bytes(of: String(parts[0])) else {
                throw ConfigurationError(reason: "'\(item)' is not an IP address or CIDR range")
            }
            let length = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let length, (0...(bytes.count * 8)).contains(length) else {
                throw ConfigurationError(reason: "'\(item)' has a prefix length out of range")
            }
            ranges.append(Range(bytes: bytes, prefixLength: length))
        }
        self.ranges = ranges
    }

    /// Whether `address` (textual IP) lies in a trusted range.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { range in
            guard range.bytes.count == bytes.count else { return false }
            var remaining = range.prefixLength
            for index in 0..<bytes.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if bytes[index] & mask != range.bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    /// The client a request comes from: the peer, or, when the peer is trusted, the rightmost
    /// address in `X-Forwarded-For` that is not itself a trusted proxy.
    public func client(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "unknown" }
        guard contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { Self.bytes(of: $0) != nil }
        return hops.last { !contains($0) } ?? hops.first ?? peer
    }

    /// The network-order bytes of an IPv4 or IPv6 address; `nil` when it is neither.
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, address, &v4) == 1 {
            return v4
        }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return v6
        }
        return nil
    }
}

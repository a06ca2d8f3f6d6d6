import Foundation
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Which `http(s)` image URLs the gateway downloads (`IMAGE_DOWNLOADS`).
///
/// `public` refuses hosts on loopback, private, link-local, carrier-grade NAT, benchmark,
/// multicast and unspecified addresses, by literal address and by what the name resolves to, so
/// a key holder cannot make the gateway fetch from its own network. A name that resolves to a
/// public address at the check and to another at the download (DNS rebinding) is not caught.
public enum ImageDownloadPolicy: String, Sendable, CaseIterable {
    /// Any URL (the demo's default: its images are on loopback).
    case any
    /// Only hosts on public addresses (the default).
    case publicOnly = "public"
    /// No downloads: `data:` URLs only.
    case off

    /// Why `url` may not be downloaded, or `nil` when it may.
    func refusal(of url: String) async -> String? {
        switch self {
        case .any: return nil
        case .off: return "image URL downloads are off (IMAGE_DOWNLOADS=off): send the image as a data: URL"
        case .publicOnly: break
        }
        guard let host = URLComponents(string: url)?.host?.lowercased(), !host.isEmpty else { return "the URL has no host" }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if bare == "localhost" || bare.hasSuffix(".localhost") || bare.hasSuffix(".internal") || bare.hasSuffix(".local") {
            return "\(host) is not a public host (IMAGE_DOWNLOADS=public)"
        }
        let addresses = Self.isLiteral(bare) ? [bare] : await Self.resolve(bare)
        if let inner = addresses.first(where: { !Self.isPublic($0) }) {
            return "\(host) is on a non-public address (\(inner)); IMAGE_DOWNLOADS=public downloads from public hosts only"
        }
        return nil
    }

    /// Whether `text` is an IPv4 or IPv6 address literal.
    static func isLiteral(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Whether the address literal `text` is a public unicast address.
    static func isPublic(_ text: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return isPublic(v4: withUnsafeBytes(of: v4.s_addr) { Array($0) })
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return false }
        let b = withUnsafeBytes(of: v6) { Array($0) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return isPublic(v4: Array(b[12..<16])) }  // ::ffff:a.b.c.d
        if b.allSatisfy({ $0 == 0 }) || (b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1) { return false }  // :: and ::1
        if b[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
        if b[0] == 0xFF { return false }  // multicast
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return false }  // 2001:db8::/32 documentation
        return true
    }

    private static func isPublic(v4 b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168): return false
        case (100, 64...127), (172, 16...31), (198, 18...19): return false
        case (192, 0) where b[2] == 0 || b[2] == 2: return false
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return false
        case (224...255, _): return false
        default: return true
        }
    }

    /// The addresses `host` resolves to (empty when it does not resolve: the download then fails on its own).
    static func resolve(_ host: String) async -> [String] {
        (try? await NIOThreadPool.singleton.runIfActive { lookUp(host) }) ?? []
    }

    /// The text of a NUL-terminated C buffer.
    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func lookUp(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if entry.pointee.ai_family == AF_INET, let address = entry.pointee.ai_addr {
                var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                if inet_ntop(AF_INET, &v4, &text, socklen_t(text.count)) != nil { found.append(Self.string(text)) }
            } else if entry.pointee.ai_family == AF_INET6, let address = entry.pointee.ai_addr {
                var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                if inet_ntop(AF_INET6, &v6, &text, socklen_t(text.count)) != nil { found.append(Self.string(text)) }
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}

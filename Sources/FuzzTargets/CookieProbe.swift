import ArenaWire
import Foundation

/// The cookie parsers under fuzzing: the first line of the input is an `LA_COOKIE` list, each
/// further line one `Set-Cookie` header of an answer.
///
/// Properties: every session parsed holds an auth cookie and has a six-character fingerprint;
/// the `Cookie` header it sends holds no CR, LF or NUL (no header can be smuggled through a
/// setting or a rotation); and a rotation keeps an auth cookie and those same properties.
enum CookieProbe {
    /// When `Expires` attributes are judged.
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func run(_ bytes: UnsafeRawBufferPointer) -> FuzzFinding? {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let list = lines.first.map(String.init) ?? ""
        let headers = lines.count > 1 ? lines[1].split(separator: "\n").map(String.init) : []
        let sessions = ArenaSession.parseList(list)
        for session in sessions {
            if let finding = check(session, after: "parsing LA_COOKIE") { return finding }
        }
        let instructions = SetCookie.parse(headers, now: now)
        for instruction in instructions where instruction.name.isEmpty {
            return FuzzFinding("a Set-Cookie header gave a cookie without a name: \(instruction)")
        }
        guard let first = sessions.first else { return nil }
        switch first.rotated(by: instructions) {
        case .rotated(let session, _):
            return check(session, after: "a rotation")
        case .unchanged, .stale:
            return nil
        }
    }

    static func check(_ session: ArenaSession, after step: String) -> FuzzFinding? {
        guard session.cookies.contains(where: { ArenaSession.isAuthCookie($0.name) }) else {
            return FuzzFinding("after \(step) a session holds no auth cookie")
        }
        guard session.fingerprint.count == 6 else {
            return FuzzFinding("after \(step) a session's fingerprint is \(session.fingerprint.debugDescription)")
        }
        for clearance in [nil, "fuzz-clearance"] {
            let header = session.cookieHeader(cfClearance: clearance)
            if header.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                return FuzzFinding("after \(step) the Cookie header holds CR, LF or NUL: \(header.prefix(200).debugDescription)")
            }
        }
        return nil
    }
}

import Accounts
import ArenaWire
import Foundation
import NIOCore

/// One session as the admin view shows it: number, fingerprint, origin, health, expiry and
/// counts. Never a cookie.
struct SessionSummary: Sendable {
    let entry: SessionRoster.Entry

    /// Writes the summary as a JSON object, judging health at `now`.
    func write(into buffer: inout ByteBuffer, now: ContinuousClock.Instant = .now) {
        let session = entry.session
        buffer.writeStaticString("{\"number\":")
        buffer.writeString(String(session.number))
        buffer.writeStaticString(",\"fingerprint\":")
        JSONStringCodec.write(session.fingerprint, into: &buffer)
        buffer.writeStaticString(entry.origin == .admin ? ",\"origin\":\"admin\"" : ",\"origin\":\"LA_COOKIE\"")
        switch entry.health {
        case .healthy:
            buffer.writeStaticString(",\"health\":\"healthy\"")
        case .coolingDown(let until):
            let seconds = now.duration(to: until).components.seconds
            if seconds > 0 {
                buffer.writeStaticString(",\"health\":\"cooling_down\",\"resting_seconds\":")
                buffer.writeString(String(seconds))
            } else {
                buffer.writeStaticString(",\"health\":\"healthy\"")
            }
        case .disabled(let reason):
            buffer.writeStaticString(",\"health\":\"disabled\",\"disabled_reason\":")
            JSONStringCodec.write(reason, into: &buffer)
        }
        buffer.writeStaticString(",\"expires_at\":")
        if let expiry = session.claims?.expiresAt {
            buffer.writeString(String(Int(expiry.timeIntervalSince1970)))
        } else {
            buffer.writeStaticString("null")
        }
        buffer.writeStaticString(",\"anonymous\":")
        if let anonymous = session.claims?.isAnonymous {
            buffer.writeStaticString(anonymous ? "true" : "false")
        } else {
            buffer.writeStaticString("null")
        }
        for (key, count) in [(",\"successes\":", entry.successes), (",\"failures\":", entry.failures), (",\"rotations\":", entry.rotations)] {
            buffer.writeString(key)
            buffer.writeString(String(count))
        }
        buffer.writeStaticString(",\"refreshes\":{\"succeeded\":")
        buffer.writeString(String(entry.refreshesSucceeded))
        buffer.writeStaticString(",\"failed\":")
        buffer.writeString(String(entry.refreshesFailed))
        buffer.writeStaticString("}}")
    }
}

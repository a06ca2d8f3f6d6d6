import Accounts
import ArenaWire
import Foundation
import NIOCore
import OpenAISurface
import Settings

/// One session as the admin view shows it: number, fingerprint, origin, health, expiry, counts
/// and its pace. Never a cookie.
struct SessionSummary: Sendable {
    let entry: SessionRoster.Entry
    /// Its pace, when pacing is in use (`nil`: an account that has not been paced yet shows a fresh pace).
    var pace: AccountPace? = nil
    /// The pacing rules (`nil`: no pace is shown).
    var rules: PaceRules? = nil

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
        buffer.writeStaticString("}")
        if let rules { writePace(pace ?? AccountPace(rules: rules), rules, now: now, into: &buffer) }
        buffer.writeStaticString("}")
    }

    /// `,"pace":{…}`: when it may next send, its interval now, its requests in the window and in
    /// flight, its penalties, and its rest.
    private func writePace(_ pace: AccountPace, _ rules: PaceRules, now: ContinuousClock.Instant, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(",\"pace\":{\"next_slot_seconds\":")
        buffer.writeJSONNumber(now.duration(to: pace.nextSlot(rules, now: now)).inSeconds)
        buffer.writeStaticString(",\"interval_seconds\":")
        buffer.writeJSONNumber(pace.interval.inSeconds)
        buffer.writeStaticString(",\"in_window\":")
        let span = rules.window?.span ?? .zero
        buffer.writeString(String(pace.recentStarts.filter { $0 + span > now }.count))
        buffer.writeStaticString(",\"in_flight\":")
        buffer.writeString(String(pace.inFlight))
        buffer.writeStaticString(",\"penalties\":")
        buffer.writeString(String(pace.penalties))
        if pace.isResting(now: now), let until = pace.restingUntil {
            buffer.writeStaticString(",\"resting_seconds\":")
            buffer.writeJSONNumber(now.duration(to: until).inSeconds)
            buffer.writeStaticString(",\"rest_reason\":")
            JSONStringCodec.write(pace.restReason ?? "", into: &buffer)
        }
        buffer.writeStaticString("}")
    }
}

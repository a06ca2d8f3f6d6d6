import ArenaWire

/// Why the gateway gave up on a request before an answer started: the last attempt's
/// ``UpstreamFailure``, or the pool's reason for offering no session.
///
/// ``RetryPolicy`` decides on it; the server layer turns it into what the client reads, once.
package enum GatewayFailure: Error, Sendable, Equatable {
    /// The last attempt failed this way, and no other attempt may follow.
    case upstream(UpstreamFailure)
    /// `LA_COOKIE` holds no session.
    case noSessionConfigured
    /// Every session that is not disabled rests after a 429; the soonest is usable after this long.
    case sessionsRateLimited(retryAfter: Duration)
    /// No account's turn would come within `QUEUE_TIMEOUT` (or it did not): the estimated wait,
    /// and the accounts usable and their pace.
    case sessionsBusy(estimate: Duration, summary: String)
    /// Every session is disabled; the last attempt's failure, when this request made one.
    case noUsableSession(after: UpstreamFailure?)
    /// No reCAPTCHA token arrived in the pool within `RECAPTCHA_WAIT`.
    case recaptchaUnavailable
    /// The model is behind lmarena's login gate and every usable session is anonymous.
    case signInRequired
    /// An image of the request could not be put on lmarena's storage.
    case upload(UploadFailure)
}

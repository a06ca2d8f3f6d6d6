import ArenaWire

extension SessionPool {
    /// The sessions healthy at `now`, as candidates for a paced turn (a passed cooldown counts as healthy).
    package func candidates(now: ContinuousClock.Instant) -> [PaceCandidate] {
        entries().compactMap { entry in
            switch entry.health {
            case .healthy: break
            case .coolingDown(let until) where until <= now: break
            case .coolingDown, .disabled: return nil
            }
            return PaceCandidate(number: entry.session.number, anonymous: entry.isAnonymous)
        }
    }
}

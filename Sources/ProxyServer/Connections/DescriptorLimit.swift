#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The process's open-file limit: raised from the soft to the hard limit at start-up, since
/// every client stream holds two descriptors (the client's and lmarena's) and a service default
/// of 1,024 locks clients out long before the machine is busy.
package enum DescriptorLimit {
    /// The soft and hard limits now.
    package static func current() -> (soft: Int, hard: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (1024, 1024) }
        return (clamp(limit.rlim_cur), clamp(limit.rlim_max))
    }

    /// Raises the soft limit to the hard one; returns the limits before and after.
    @discardableResult
    package static func raise() -> (before: Int, after: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return (1024, 1024) }
        let before = clamp(limit.rlim_cur)
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return (before, current().soft)
    }

    /// The connection cap when `MAX_CONNECTIONS` is `auto`: half of what the descriptors allow
    /// once 128 are set aside (each stream holds two), at most 65,536.
    package static func automaticConnectionCap(soft: Int) -> Int {
        max(16, min(65_536, (soft - 128) / 2))
    }

    private static func clamp(_ value: rlim_t) -> Int {
        value > rlim_t(Int32.max) ? Int(Int32.max) : Int(value)
    }
}

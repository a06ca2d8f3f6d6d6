extension Duration {
    /// The duration as fractional seconds, where a clock's duration meets `Date` arithmetic, a
    /// metric or a `Retry-After`: the one conversion, so no caller writes it again.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

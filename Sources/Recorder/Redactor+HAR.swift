import ArenaWire

extension Redactor {
    /// A HAR header with its value redacted when needed: cookie headers keep their cookie names.
    public func header(_ header: HARNameValue) -> HARNameValue {
        HARNameValue(name: header.name, value: headerValue(name: header.name, value: header.value))
    }

    /// A HAR cookie record with its value redacted.
    public func cookie(_ cookie: HARNameValue) -> HARNameValue {
        HARNameValue(name: cookie.name, value: Self.marker)
    }
}

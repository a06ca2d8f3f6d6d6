/// A type that holds a credential and never describes it: its description, its debug
/// description and its mirror name the type alone.
///
/// Whatever prints a value (string interpolation, `dump`, service-lifecycle's debug lines that
/// print each service) reaches the stored properties through one of these three, so a value
/// that holds one of these types cannot show a secret either.
public protocol ConcealsSecrets: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {}

extension ConcealsSecrets {
    /// The type's name and that its contents are not shown.
    public var description: String { "\(Self.self)(concealed)" }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without children.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

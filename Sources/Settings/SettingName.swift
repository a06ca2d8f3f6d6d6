/// The one rule that turns a setting's environment variable into its other names: the flag
/// (`API_SECRET` is `--api-secret`) and the key swift-configuration reads it under
/// (`api.secret`). Every reader of settings goes through it.
public enum SettingName {
    /// The flag of `variable`, without dashes: lower case, `-` for `_`.
    public static func flag(for variable: String) -> String {
        words(of: variable).joined(separator: "-")
    }

    /// The words of `variable`, lower case: the components of its configuration key.
    public static func words(of variable: String) -> [String] {
        variable.lowercased().split(separator: "_").map(String.init)
    }
}

import Foundation

/// One model of lmarena's catalogue (`GET /nextjs-api/model-catalog`, or the older
/// `initialModels` array), as the site describes it, dirt included (docs/UPSTREAM.md, "Models").
public struct CatalogEntry: Sendable, Equatable {
    /// lmarena's id (a UUIDv7 since late 2025: its first 48 bits are when the model was added).
    package var id: String
    /// Who makes it.
    package var organization: String?
    /// Its package name; may be a codename (`kiteki` is shown as `qwen3.5-max-preview`).
    package var publicName: String?
    /// Its internal name.
    package var name: String?
    /// What the site shows, trimmed (one was seen with a trailing newline); not unique.
    package var displayName: String
    /// Whether it takes images (`inputCapabilities.image` true or an object).
    package var takesImages: Bool
    /// What it produces: `text`, `image`, `search`, `web`, `video`.
    package var outputs: Set<String>
    /// Whether the site offers it to users; `false` is not listed.
    package var userSelectable: Bool
    /// The arenas it appears in (`text`, `search`, ...).
    package var arenas: [String]

    /// What the gateway serves it as: image output before search before text; `nil` for models
    /// that only build web pages (the code arena) or make video, which are not served.
    package var modality: ArenaModality? {
        if outputs.contains("image") { return .image }
        if outputs.contains("search") { return .search }
        if outputs.contains("text") { return .chat }
        return nil
    }

    /// When the model was added, from the UUIDv7 timestamp of its id; `nil` for other ids.
    package var created: Int? {
        let hex = id.replacingOccurrences(of: "-", with: "")
        guard hex.count == 32, hex[hex.index(hex.startIndex, offsetBy: 12)] == "7",
            let milliseconds = UInt64(hex.prefix(12), radix: 16)
        else { return nil }
        return Int(milliseconds / 1000)
    }

    /// Reads one model object; `nil` when it has no id or no name at all.
    init?(_ object: [String: Any], arena: String?) {
        guard let id = object["id"] as? String, !id.isEmpty else { return nil }
        func text(_ key: String) -> String? {
            (object[key] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        }
        guard let shown = text("displayName") ?? text("publicName") ?? text("name") else { return nil }
        let capabilities = object["capabilities"] as? [String: Any] ?? [:]
        let input = capabilities["inputCapabilities"] as? [String: Any] ?? [:]
        let output = capabilities["outputCapabilities"] as? [String: Any] ?? [:]
        self.id = id
        self.organization = text("organization")
        self.publicName = text("publicName")
        self.name = text("name")
        self.displayName = shown
        self.takesImages = Self.isOn(input["image"])
        self.outputs = Set(output.keys.filter { Self.isOn(output[$0]) })
        self.userSelectable = object["userSelectable"] as? Bool ?? true
        self.arenas = arena.map { [$0] } ?? []
    }

    /// `true`, or an object of details (`{"aspectRatios": [...]}`), means the capability is there.
    private static func isOn(_ value: Any?) -> Bool {
        if let flag = value as? Bool { return flag }
        return value is [String: Any]
    }
}

extension String {
    /// `nil` for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

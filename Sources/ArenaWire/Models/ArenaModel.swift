/// What an lmarena model produces, and so which `modality` its requests carry.
public enum ArenaModality: String, Sendable, Codable, CaseIterable {
    /// Text answers.
    case chat
    /// Image answers (`a2:` image lines).
    case image
    /// Text answers grounded in a web search.
    case search
}

/// One entry of the model registry.
public struct ArenaModel: Sendable, Equatable, Codable {
    /// The name OpenAI clients send as `model`.
    public var name: String
    /// lmarena's id for the model (`modelAId` upstream).
    public var id: String
    /// What the model produces.
    public var modality: ArenaModality
    /// Who makes the model, shown as `owned_by` in `/v1/models`.
    public var organization: String?
    /// Other names a client may send for it (the catalogue's `publicName`, `name` and id).
    public var aliases: [String]?
    /// Whether it takes images, when the catalogue says.
    public var takesImages: Bool?
    /// When it was added (Unix seconds), when its id says.
    public var created: Int?

    /// Creates a registry entry.
    public init(
        name: String, id: String, modality: ArenaModality, organization: String? = nil, aliases: [String]? = nil,
        takesImages: Bool? = nil, created: Int? = nil
    ) {
        self.name = name
        self.id = id
        self.modality = modality
        self.organization = organization
        self.aliases = aliases
        self.takesImages = takesImages
        self.created = created
    }
}

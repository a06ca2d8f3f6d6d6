import Foundation

/// The models the gateway offers: OpenAI model names mapped to lmarena ids and modalities.
///
/// The default registry is the bundled `models.json`; `MODELS_FILE` replaces it with the
/// operator's own file of the same shape.
public struct ModelRegistry: Sendable {
    /// Every model, in file order.
    public let models: [ArenaModel]
    private let byName: [String: Int]

    /// Creates a registry from entries; names must be unique. An alias answers only when no
    /// model has it as its name, and only for the first model that claims it.
    public init(models: [ArenaModel]) throws(ModelRegistryError) {
        var byName: [String: Int] = [:]
        for (index, model) in models.enumerated() {
            guard !model.name.isEmpty, !model.id.isEmpty else {
                throw ModelRegistryError(reason: "entry \(index) has an empty name or id")
            }
            guard byName.updateValue(index, forKey: model.name) == nil else {
                throw ModelRegistryError(reason: "model name '\(model.name)' appears twice")
            }
        }
        for (index, model) in models.enumerated() {
            for alias in model.aliases ?? [] where byName[alias] == nil {
                byName[alias] = index
            }
        }
        self.models = models
        self.byName = byName
    }

    /// The model registered under `name` (or one of its aliases), or `nil`.
    public func model(named name: String) -> ArenaModel? {
        byName[name].map { models[$0] }
    }

    /// Up to `limit` listed names closest to `name` (edit distance, then order), for a 404.
    public func closestNames(to name: String, limit: Int = 3) -> [String] {
        let wanted = Array(name.lowercased())
        // Close: at most half the longer name's length away (a dropped suffix counts as close).
        let scored = models.compactMap { model -> (distance: Int, name: String)? in
            let candidate = Array(model.name.lowercased())
            let distance = EditDistance.between(wanted, candidate)
            return distance <= max(3, max(wanted.count, candidate.count) / 2) ? (distance, model.name) : nil
        }
        return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(limit).map(\.name)
    }

    /// Reads a registry file: the gateway's own shape (`{"models": [{"name", "id", "modality",
    /// "organization"?}]}`), lmarena's catalogue, or an `initialModels` array (``ModelCatalogParser``).
    public static func load(contentsOf url: URL) throws(ModelRegistryError) -> ModelRegistry {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelRegistryError(reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data, source: url.path)
    }

    /// Decodes a registry from the bytes of a registry file or a catalogue.
    public static func decode(_ data: Data, source: String) throws(ModelRegistryError) -> ModelRegistry {
        struct File: Decodable { var models: [ArenaModel] }
        if let file = try? JSONDecoder().decode(File.self, from: data) {
            return try ModelRegistry(models: file.models)
        }
        let entries: [CatalogEntry]
        do {
            entries = try ModelCatalogParser.parse(data)
        } catch {
            throw ModelRegistryError(reason: "\(source) is neither a model registry nor an lmarena catalogue: \(error)")
        }
        return try ModelRegistry(catalog: entries)
    }

    /// The registry bundled with the gateway: the seed project's 29 chat and 8 image models.
    public static func bundled() throws(ModelRegistryError) -> ModelRegistry {
        guard let url = Bundle.module.url(forResource: "models", withExtension: "json") else {
            throw ModelRegistryError(reason: "the bundled models.json is missing from the build")
        }
        return try load(contentsOf: url)
    }
}

/// A model registry file that cannot be used.
public struct ModelRegistryError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with it.
    public let reason: String
    /// The reason, for a log line or a start-up error.
    public var description: String { reason }
}

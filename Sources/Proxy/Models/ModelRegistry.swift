import Foundation

/// The models the gateway offers: OpenAI model names mapped to lmarena ids and modalities.
///
/// The default registry is the bundled `models.json`; `MODELS_FILE` replaces it with the
/// operator's own file of the same shape.
public struct ModelRegistry: Sendable {
    /// Every model, in file order.
    public let models: [ArenaModel]
    private let byName: [String: Int]

    /// Creates a registry from entries; names must be unique.
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
        self.models = models
        self.byName = byName
    }

    /// The model registered under `name`, or `nil`.
    public func model(named name: String) -> ArenaModel? {
        byName[name].map { models[$0] }
    }

    /// Reads a registry file: `{"models": [{"name", "id", "modality", "organization"?}, ...]}`.
    public static func load(contentsOf url: URL) throws(ModelRegistryError) -> ModelRegistry {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ModelRegistryError(reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode(data, source: url.path)
    }

    /// Decodes a registry from the bytes of a registry file.
    public static func decode(_ data: Data, source: String) throws(ModelRegistryError) -> ModelRegistry {
        struct File: Decodable { var models: [ArenaModel] }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ModelRegistryError(reason: "\(source) is not a valid model registry: \(error)")
        }
        return try ModelRegistry(models: file.models)
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

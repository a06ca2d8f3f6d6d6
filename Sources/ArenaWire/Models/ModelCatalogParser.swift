import Foundation

/// Reads lmarena's model catalogue in the shapes the site has used:
/// - `GET /nextjs-api/model-catalog`: `[{"arena": "text", "models": [...], "complete": true}, ...]`;
/// - the older `initialModels` array embedded in the page: `[{"id", "publicName", ...}, ...]`, or
///   an object holding it under `initialModels`.
/// A model that appears in several arenas is one entry (its arenas and outputs merged).
package enum ModelCatalogParser {
    /// Why a catalogue cannot be read.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        package let description: String
    }

    /// The catalogue's models, in first-seen order.
    package static func parse(_ data: Data) throws(Failure) -> [CatalogEntry] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Failure(description: "not JSON (\(data.count) bytes)")
        }
        var items: [(object: [String: Any], arena: String?)] = []
        if let object = root as? [String: Any], let models = object["initialModels"] as? [Any] {
            items = models.compactMap { ($0 as? [String: Any]).map { ($0, nil) } }
        } else if let array = root as? [Any] {
            for element in array {
                guard let object = element as? [String: Any] else { continue }
                if let models = object["models"] as? [Any] {
                    let arena = object["arena"] as? String
                    items += models.compactMap { ($0 as? [String: Any]).map { ($0, arena) } }
                } else {
                    items.append((object, nil))
                }
            }
        } else {
            throw Failure(description: "neither an array of arenas nor an initialModels array")
        }
        var entries: [CatalogEntry] = []
        var indexByID: [String: Int] = [:]
        for item in items {
            guard let entry = CatalogEntry(item.object, arena: item.arena) else { continue }
            if let index = indexByID[entry.id] {
                entries[index].outputs.formUnion(entry.outputs)
                entries[index].takesImages = entries[index].takesImages || entry.takesImages
                entries[index].arenas += entry.arenas.filter { !entries[index].arenas.contains($0) }
            } else {
                indexByID[entry.id] = entries.count
                entries.append(entry)
            }
        }
        guard !entries.isEmpty else { throw Failure(description: "no models in it") }
        return entries
    }
}

import Foundation

extension ModelRegistry {
    /// The registry of a catalogue: what a client may send for each model the site offers.
    ///
    /// Listed: models with `userSelectable` not false that produce text, images or search
    /// results (web-page and video models are not served). A client sends the `displayName`;
    /// `publicName`, `name` and the id are aliases. `displayName`s are not unique, so the rule
    /// for models that share one is:
    /// 1. order them: chat before image before search, then the newest id (UUIDv7 time) first,
    ///    then by id;
    /// 2. the first is listed under the `displayName`;
    /// 3. each other is listed under its `name` when that is different and free, else under
    ///    `displayName@` and the last 8 characters of its id.
    public init(catalog: [CatalogEntry]) throws(ModelRegistryError) {
        let served = catalog.filter { $0.userSelectable && $0.modality != nil }
        let order: [ArenaModality: Int] = [.chat: 0, .image: 1, .search: 2]
        let groups = Dictionary(grouping: served, by: \.displayName)
        var taken = Set(groups.keys)
        var chosen: [String: String] = [:]
        for (displayName, group) in groups {
            let ranked = group.sorted { a, b in
                let left = (order[a.modality!] ?? 9, -(a.created ?? 0), a.id)
                let right = (order[b.modality!] ?? 9, -(b.created ?? 0), b.id)
                return left < right
            }
            chosen[ranked[0].id] = displayName
            for entry in ranked.dropFirst() {
                var name = "\(displayName)@\(entry.id.suffix(8))"
                if let own = entry.name, own != displayName, !taken.contains(own) { name = own }
                taken.insert(name)
                chosen[entry.id] = name
            }
        }
        let models = served.map { entry -> ArenaModel in
            let name = chosen[entry.id] ?? entry.displayName
            let aliases = [entry.publicName, entry.name, entry.id].compactMap { $0 }.filter { $0 != name }
            return ArenaModel(
                name: name, id: entry.id, modality: entry.modality!, organization: entry.organization,
                aliases: Array(NSOrderedSet(array: aliases)).compactMap { $0 as? String }, takesImages: entry.takesImages,
                created: entry.created)
        }
        try self.init(models: models)
    }
}

import MockArena
import Proxy

/// What the demo prints once it is ready: where it listens and what to paste.
struct DemoBanner {
    let configuration: ProxyConfiguration
    let mockPort: Int
    let replayer: FixtureReplayer
    let registry: ModelRegistry

    var text: String {
        let base = "http://127.0.0.1:\(configuration.port)\(configuration.routePrefix)/v1"
        let key = configuration.apiSecrets.first ?? "demo"
        let model = registry.models.first { $0.id == example?.modelID }?.name ?? "gpt-4.1-2025-04-14"
        let prompt = example?.userText ?? "Say hello"
        let body = #"{"model":"\#(model)","stream":true,"messages":[{"role":"user","content":\#(Self.json(prompt))}]}"#
        var lines = [
            "",
            "lmarena2api demo is ready.",
            "  MockArena replays \(replayer.store.entries.count) recorded exchanges on http://127.0.0.1:\(mockPort)",
            "  OpenAI-compatible API: \(base)   (API key: \(configuration.apiSecrets.isEmpty ? "any" : "one of API_SECRET"))",
            "",
            "Try it:",
            "  curl -N \(base)/chat/completions -H 'Authorization: Bearer \(key)' -H 'Content-Type: application/json' \\",
            "    -d '\(body.replacingOccurrences(of: "'", with: "'\\''"))'",
            "",
            "OpenAI SDK (Python):",
            "  client = OpenAI(base_url=\"\(base)\", api_key=\"\(key)\")",
            "",
            "Prompts the bundled fixtures answer (model: prompt):",
        ]
        for entry in replayer.store.entries where entry.key.userText != nil && entry.plan.status == 200 {
            let name = registry.models.first { $0.id == entry.key.modelID }?.name ?? entry.key.modelID ?? "?"
            let text = entry.key.userText ?? ""
            lines.append("  \(name): \(Self.json(text.count > 70 ? String(text.prefix(67)) + "..." : text))")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The entry the curl example uses: the first 200 chat entry for a registered model.
    private var example: FixtureStoreKey? {
        for entry in replayer.store.entries where entry.plan.status == 200 && entry.key.modality == "chat" {
            if let id = entry.key.modelID, registry.models.contains(where: { $0.id == id }), entry.plan.fault == nil {
                return FixtureStoreKey(modelID: id, userText: entry.key.userText)
            }
        }
        return nil
    }

    private struct FixtureStoreKey {
        let modelID: String
        let userText: String?
    }

    private static func json(_ text: String) -> String {
        JSONStringCodec.encode(text)
    }
}

import ArenaWire
import Foundation
import MockArena
import NIOCore
import ProxyServer
import Recorder

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
            configuration.sessionConcurrency == 0 && configuration.sessionMinInterval == .zero
                ? "  Pacing is off: MockArena penalizes no account, so every request is answered at once (against arena.ai, see docs/PACING.md)."
                : "  Pacing is on: each account sends one request at a time, its requests spaced as docs/PACING.md says.",
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
        for entry in dialectEntries where entry.key.userText != nil {
            let name = registry.models.first { $0.id == entry.key.modelID }?.name ?? entry.key.modelID ?? "?"
            let text = entry.key.userText ?? ""
            let outcome = entry.plan.status == 200 ? "" : "   (lmarena answers \(entry.plan.status))"
            lines.append("  \(name): \(Self.json(text.count > 70 ? String(text.prefix(67)) + "..." : text))\(outcome)")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// The entries the demo reaches: its dialect's (the other needs LMARENA_DIALECT), and of
    /// those kept for particular sessions, the ones its sessions match; one line per prompt.
    private var dialectEntries: [FixtureStore.Entry] {
        let cookies = configuration.sessions.map { $0.cookieHeader(cfClearance: configuration.cfClearance) }
        var seen = Set<String>()
        return replayer.store.entries.filter { entry in
            guard entry.key.path == configuration.dialect.createEvaluationPath else { return false }
            if let needle = entry.match?.cookieContains, !cookies.contains(where: { $0.contains(needle) }) { return false }
            return seen.insert("\(entry.key.modelID ?? "")\u{0}\(entry.key.userText ?? "")").inserted
        }
    }

    /// The entry the curl example uses: the shortest plain 200 chat answer of a registered model
    /// that ends with a finish line, the newest model first (the catalogue lists it first).
    private var example: FixtureStoreKey? {
        let candidates = dialectEntries.filter { entry in
            let body = String(buffer: entry.plan.body)
            return entry.plan.status == 200 && entry.key.modality == "chat" && entry.plan.fault == nil
                && body.contains("a0:") && body.contains("ad:") && !body.contains("a3:") && !body.contains("hasArenaError")
                && registry.models.contains { $0.id == entry.key.modelID }
        }
        let rank = { (id: String?) in registry.models.firstIndex { $0.id == id } ?? Int.max }
        guard let shortest = candidates.min(by: { (rank($0.key.modelID), $0.plan.chunks.count) < (rank($1.key.modelID), $1.plan.chunks.count) }),
            let id = shortest.key.modelID
        else {
            return nil
        }
        return FixtureStoreKey(modelID: id, userText: shortest.key.userText)
    }

    private struct FixtureStoreKey {
        let modelID: String
        let userText: String?
    }

    private static func json(_ text: String) -> String {
        JSONStringCodec.encode(text)
    }
}

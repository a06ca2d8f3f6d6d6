import Foundation
import Synchronization

/// Writes recorded fixtures into a directory under stable, readable names, atomically.
///
/// Names are `DIALECT-MODEL-SLUG-NNN.har` (e.g. `v2-gpt-4.1-2025-04-14-say-hello-001.har`). Each
/// file is written to a hidden temporary file first and renamed into place, so a crash or kill
/// never leaves a half-written fixture; temporary files left by a killed process are removed
/// when the next writer opens the directory.
public final class FixtureWriter: Sendable {
    /// Where fixtures go.
    public let directory: URL
    private let modelNames: [String: String]
    private let reserved = Mutex<Set<String>>([])

    /// Opens (creating it if needed) `directory`; `modelNames` maps lmarena ids to readable names.
    public init(directory: URL, modelNames: [String: String] = [:]) throws {
        self.directory = directory
        self.modelNames = modelNames
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where Self.isTemporary(name) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// Whether a file name is one of the writer's temporary files.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".har.partial")
    }

    /// Writes `file` under a new name and returns its URL.
    @discardableResult
    public func write(_ file: HARFile, dialect: String, modelID: String?, prompt: String?) throws -> URL {
        let data = try FixtureFile.encode(file)
        let name = reserveName(dialect: dialect, modelID: modelID, prompt: prompt)
        defer { _ = reserved.withLock { $0.remove(name) } }
        let target = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).\(UInt32.random(in: 0...UInt32.max)).har.partial")
        try data.write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw FixtureFileError(path: target.path, reason: "cannot move the recording into place (errno \(errno))")
        }
        return target
    }

    /// The stem of a fixture's name: dialect, model, and a slug of the prompt.
    public func stem(dialect: String, modelID: String?, prompt: String?) -> String {
        let model = modelID.map { modelNames[$0] ?? String($0.prefix(8)) } ?? "no-model"
        return [dialect, Self.slug(model, limit: 48), Self.slug(prompt ?? "", limit: 40)].filter { !$0.isEmpty }.joined(separator: "-")
    }

    private func reserveName(dialect: String, modelID: String?, prompt: String?) -> String {
        let stem = stem(dialect: dialect, modelID: modelID, prompt: prompt)
        return reserved.withLock { taken in
            var counter = 1
            while true {
                let name = String(format: "%@-%03d.har", stem, counter)
                if !taken.contains(name), !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
                    taken.insert(name)
                    return name
                }
                counter += 1
            }
        }
    }

    /// Lower-case ASCII letters, digits and dots, everything else one `-`, at most `limit` characters.
    public static func slug(_ text: String, limit: Int) -> String {
        var result = ""
        var lastWasDash = true
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." {
                result.unicodeScalars.append(scalar)
                lastWasDash = false
            } else if !lastWasDash {
                result.append("-")
                lastWasDash = true
            }
            if result.count >= limit { break }
        }
        while result.hasSuffix("-") || result.hasSuffix(".") { result.removeLast() }
        return result
    }
}

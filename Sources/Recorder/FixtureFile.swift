import Foundation

/// Reads and writes fixture files.
public enum FixtureFile {
    /// Decodes a fixture file.
    public static func read(_ url: URL) throws -> HARFile {
        let data = try Data(contentsOf: url)
        do {
            return try JSONDecoder().decode(HARFile.self, from: data)
        } catch {
            throw FixtureFileError(path: url.path, reason: describe(error))
        }
    }

    /// Encodes a fixture the way the repository stores them: pretty-printed, keys in a stable order.
    public static func encode(_ file: HARFile) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(file)
        data.append(0x0A)
        return data
    }

    /// Every `.har` file below `directory`, recursively, in path order.
    public static func list(in directory: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FixtureFileError(path: directory.path, reason: "not a directory")
        }
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var found: [URL] = []
        for case let url as URL in walker where url.pathExtension == "har" {
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "not valid JSON at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }
}

/// A fixture file that cannot be read.
public struct FixtureFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What is wrong.
    public let reason: String
    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

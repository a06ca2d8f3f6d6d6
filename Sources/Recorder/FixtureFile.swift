import Foundation

/// Reads and writes fixture files.
public enum FixtureFile {
    /// Decodes a fixture file.
    public static func read(_ url: URL) throws -> HARFile {
        try checkRegularFile(url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FixtureFileError(path: url.path, reason: "cannot be read: \(plainReason(error))")
        }
        return try decode(data, path: url.path)
    }

    /// Decodes the bytes of a fixture file; `path` names it in the error.
    public static func decode(_ data: Data, path: String) throws -> HARFile {
        do {
            return try JSONDecoder().decode(HARFile.self, from: data)
        } catch {
            throw FixtureFileError(path: path, reason: describe(error))
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
        let root = directory.resolvingSymlinksInPath().standardizedFileURL.path
        var found: [URL] = []
        for case let url as URL in walker where url.pathExtension == "har" {
            // A link may point anywhere: only a file inside the directory is a fixture of it.
            let target = url.resolvingSymlinksInPath().standardizedFileURL.path
            guard target.hasPrefix(root + "/") else {
                throw FixtureFileError(path: url.path, reason: "a symbolic link to \(target), outside \(root): not read")
            }
            try checkRegularFile(url)
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The largest fixture file read.
    public static let maxFileBytes = 1 << 30

    /// Throws unless `url` is a regular file of at most ``maxFileBytes`` (a FIFO would block the
    /// read forever, a device never end).
    static func checkRegularFile(_ url: URL) throws {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        } catch {
            throw FixtureFileError(path: url.path, reason: "cannot be read: \(plainReason(error))")
        }
        let type = attributes[.type] as? FileAttributeType
        guard type == .typeRegular else {
            let kind =
                type == .typeDirectory
                ? "a directory"
                : type == .typeCharacterSpecial || type == .typeBlockSpecial
                    ? "a device" : type == .typeSocket ? "a socket" : "a FIFO or other special file"
            throw FixtureFileError(path: url.path, reason: "not a regular file (\(kind)): not read")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > maxFileBytes {
            throw FixtureFileError(path: url.path, reason: "\(size) bytes, more than the \(maxFileBytes) a fixture may have: not read")
        }
    }

    /// What went wrong, in a sentence: the POSIX reason of a Foundation error, never its dump.
    static func plainReason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let message = strerror(Int32(underlying.code))
        {
            return String(cString: message).lowercased()
        }
        if nsError.domain == NSPOSIXErrorDomain, let message = strerror(Int32(nsError.code)) {
            return String(cString: message).lowercased()
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
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

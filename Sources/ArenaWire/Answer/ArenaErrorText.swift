import Foundation

/// The message and code of an error the arena reports in its stream (`a3:`, `ae:`): a plain
/// sentence, or a sentence that embeds a JSON error (`{"error":{"message":...,"code":...}}`,
/// `{"message":...,"code":...}`), whose message and code are what the client is told.
package struct ArenaErrorText: Sendable, Equatable {
    /// What to tell the client.
    package let message: String
    /// The embedded error's code, when there is one.
    let code: String?

    /// A message and code as given.
    init(message: String, code: String?) {
        self.message = message
        self.code = code
    }

    /// Reads `text`.
    package init(_ text: String) {
        guard let brace = text.firstIndex(of: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(text[brace...].utf8)) as? [String: Any]
        else {
            message = text
            code = nil
            return
        }
        let error = object["error"] as? [String: Any] ?? object
        let embedded = (error["message"] as? String) ?? (object["error"] as? String)
        message = embedded.map { $0.isEmpty ? text : $0 } ?? text
        code = (error["code"] as? String) ?? (error["code"] as? NSNumber)?.stringValue
    }
}

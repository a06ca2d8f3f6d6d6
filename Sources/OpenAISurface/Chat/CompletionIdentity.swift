import Foundation

/// The id, creation time and model name shared by every frame of one chat completion.
package struct CompletionIdentity: Sendable {
    /// `chatcmpl-` and 29 letters and digits.
    package let id: String
    /// `created`, in seconds since 1970.
    package let created: Int
    /// The model name the client asked for.
    package let model: String

    /// A new identity for an answer of `model`.
    package init(model: String, now: Date = Date()) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        id = "chatcmpl-" + String((0..<29).map { _ in alphabet.randomElement()! })
        created = Int(now.timeIntervalSince1970)
        self.model = model
    }
}

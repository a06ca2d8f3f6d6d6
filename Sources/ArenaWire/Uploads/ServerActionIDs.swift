/// The ids of the two server actions an image upload calls. They change with every deploy of the site.
public struct ServerActionIDs: Sendable, Equatable, CustomStringConvertible {
    /// The id of `generateUploadUrl` (`[name, mime]` to `{uploadUrl, key}`).
    package var generateUploadUrl: String
    /// The id of `getSignedUrl` (`[key]` to `{url}`).
    package var getSignedUrl: String

    /// Creates the pair.
    package init(generateUploadUrl: String, getSignedUrl: String) {
        self.generateUploadUrl = generateUploadUrl
        self.getSignedUrl = getSignedUrl
    }

    /// The pair from the references a scan found, when both are there.
    package init?(references: [String: String]) {
        guard let generate = references["generateUploadUrl"], let signed = references["getSignedUrl"] else { return nil }
        self.init(generateUploadUrl: generate, getSignedUrl: signed)
    }

    /// The id for `step` (one of the two action steps).
    package func id(for step: UploadStep) -> String {
        step == .getSignedUrl ? getSignedUrl : generateUploadUrl
    }

    /// `generateUploadUrl=<id>, getSignedUrl=<id>`: ids are package (they are in the site's scripts).
    public var description: String {
        "generateUploadUrl=\(generateUploadUrl), getSignedUrl=\(getSignedUrl)"
    }
}

/// The steps of putting an image on lmarena, each with its own timeout and its own error.
package enum UploadStep: String, Sendable, Equatable {
    /// Reading the action ids from the site's page and script chunks.
    case discoverActions = "discover-actions"
    /// The `generateUploadUrl` server action.
    case generateUploadUrl = "generateUploadUrl"
    /// The `PUT` of the bytes to storage.
    case putBytes = "put-bytes"
    /// The `getSignedUrl` server action.
    case getSignedUrl = "getSignedUrl"
}

/// Why an image could not be put on lmarena: the step, and what happened, free of credentials.
package struct UploadFailure: Error, Sendable, Equatable {
    /// The step that failed.
    package var step: UploadStep
    /// The image (`image-1.png`), when the failure is one image's.
    package var image: String?
    /// What happened.
    package var detail: String

    /// Creates a failure.
    package init(step: UploadStep, image: String? = nil, detail: String) {
        self.step = step
        self.image = image
        self.detail = detail
    }
}

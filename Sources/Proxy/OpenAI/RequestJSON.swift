import Foundation
import NIOCore

/// Reads fields from a decoded JSON request body, failing with an ``OpenAIError`` naming the field.
enum RequestJSON {
    /// Parses `body` as a JSON object.
    static func object(_ body: ByteBuffer) throws(OpenAIError) -> [String: Any] {
        guard body.readableBytes > 0 else {
            throw .invalidRequest("the request body is empty: send a JSON object", code: "invalid_json")
        }
        let parsed: Any
        do {
            parsed = try body.withUnsafeReadableBytes { try JSONSerialization.jsonObject(with: Data($0)) }
        } catch {
            throw .invalidRequest(
                "We could not parse the JSON body of your request: it is not valid JSON (\(Self.reason(error)))",
                code: "invalid_json")
        }
        guard let object = parsed as? [String: Any] else {
            throw .invalidRequest("the request body must be a JSON object", code: "invalid_json")
        }
        return object
    }

    /// A string field that must be present.
    static func requiredString(_ object: [String: Any], _ key: String, param: String? = nil) throws(OpenAIError) -> String {
        let name = param ?? key
        guard let value = object[key], !(value is NSNull) else {
            throw .invalidRequest("Missing required parameter: '\(name)'.", param: name, code: "missing_required_parameter")
        }
        guard let text = value as? String else {
            throw .invalidRequest("\(name) must be a string", param: name, code: "invalid_type")
        }
        return text
    }

    /// A boolean field that may be absent or null.
    static func optionalBool(_ object: [String: Any], _ key: String, param: String? = nil) throws(OpenAIError) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let flag = JSONBoolean.value(of: value) else {
            throw .invalidRequest("\(param ?? key) must be a boolean", param: param ?? key, code: "invalid_type")
        }
        return flag
    }

    private static func reason(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return String(text.prefix(200))
    }
}

/// Tells JSON `true`/`false` apart from the numbers `1`/`0` after `JSONSerialization`,
/// which hands both back as `NSNumber`.
enum JSONBoolean {
    /// The boolean value of a parsed JSON value, or `nil` when it is not a JSON boolean.
    static func value(of parsed: Any) -> Bool? {
        if let flag = parsed as? Bool, let number = parsed as? NSNumber {
            // A JSON boolean is backed by a `c`/`B` typed number; integers are not.
            let type = String(cString: number.objCType)
            return type == "c" || type == "B" ? flag : nil
        }
        return nil
    }
}

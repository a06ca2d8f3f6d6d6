import Foundation
import NIOCore

/// Reads fields from a decoded JSON request body, failing with an ``OpenAIError`` naming the field.
package enum RequestJSON {
    /// Parses `body` as a JSON object.
    package static func object(_ body: ByteBuffer) throws(OpenAIError) -> [String: Any] {
        guard body.readableBytes > 0 else {
            throw .invalidRequest("the request body is empty: send a JSON object", code: .invalidJson)
        }
        let parsed: Any
        do {
            // Parsed in place: no copy of a body that may be megabytes long.
            parsed = try body.withUnsafeReadableBytes { bytes in
                try JSONSerialization.jsonObject(
                    with: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: bytes.count, deallocator: .none))
            }
        } catch {
            throw .invalidRequest(
                "We could not parse the JSON body of your request: it is not valid JSON (\(Self.reason(error)))",
                code: .invalidJson)
        }
        guard let object = parsed as? [String: Any] else {
            throw .invalidRequest("the request body must be a JSON object", code: .invalidJson)
        }
        return object
    }

    /// A string field that must be present.
    static func requiredString(_ object: [String: Any], _ key: String, param: String? = nil) throws(OpenAIError) -> String {
        let name = param ?? key
        guard let value = object[key], !(value is NSNull) else {
            throw .invalidRequest("Missing required parameter: '\(name)'.", param: name, code: .missingRequiredParameter)
        }
        guard let text = value as? String else {
            throw .invalidRequest("\(name) must be a string", param: name, code: .invalidType)
        }
        return text
    }

    /// A boolean field that may be absent or null.
    static func optionalBool(_ object: [String: Any], _ key: String, param: String? = nil) throws(OpenAIError) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let flag = JSONBoolean.value(of: value) else {
            throw .invalidRequest("\(param ?? key) must be a boolean", param: param ?? key, code: .invalidType)
        }
        return flag
    }

    /// A number field that may be absent or null, within `range` (OpenAI's wording and codes).
    static func optionalNumber(_ object: [String: Any], _ key: String, in range: ClosedRange<Double>, param: String? = nil) throws(OpenAIError)
        -> Double?
    {
        let name = param ?? key
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard JSONBoolean.value(of: value) == nil, let number = (value as? NSNumber)?.doubleValue, number.isFinite else {
            throw .invalidRequest("Invalid type for '\(name)': expected a number.", param: name, code: .invalidType)
        }
        if number < range.lowerBound {
            throw .invalidRequest(
                "Invalid '\(name)': decimal below minimum value. Expected a value >= \(Self.show(range.lowerBound)), but got \(Self.show(number)) instead.",
                param: name, code: .decimalBelowMinValue)
        }
        if number > range.upperBound {
            throw .invalidRequest(
                "Invalid '\(name)': decimal above maximum value. Expected a value <= \(Self.show(range.upperBound)), but got \(Self.show(number)) instead.",
                param: name, code: .decimalAboveMaxValue)
        }
        return number
    }

    /// An integer field that may be absent or null, within `range`.
    static func optionalInteger(_ object: [String: Any], _ key: String, in range: ClosedRange<Int>, param: String? = nil) throws(OpenAIError) -> Int?
    {
        let name = param ?? key
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard JSONBoolean.value(of: value) == nil, let number = (value as? NSNumber)?.doubleValue, number.isFinite, number.rounded() == number,
            abs(number) < 1e15
        else {
            throw .invalidRequest("Invalid type for '\(name)': expected an integer.", param: name, code: .invalidType)
        }
        let integer = Int(number)
        if integer < range.lowerBound {
            throw .invalidRequest(
                "Invalid '\(name)': integer below minimum value. Expected a value >= \(range.lowerBound), but got \(integer) instead.",
                param: name, code: .integerBelowMinValue)
        }
        if integer > range.upperBound {
            throw .invalidRequest(
                "Invalid '\(name)': integer above maximum value. Expected a value <= \(range.upperBound), but got \(integer) instead.",
                param: name, code: .integerAboveMaxValue)
        }
        return integer
    }

    /// A string field that may be absent or null, one of `allowed` when given.
    static func optionalString(_ object: [String: Any], _ key: String, allowed: [String]? = nil, param: String? = nil) throws(OpenAIError) -> String?
    {
        let name = param ?? key
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw .invalidRequest("Invalid type for '\(name)': expected a string.", param: name, code: .invalidType)
        }
        if let allowed, !allowed.contains(text) {
            let listed = allowed.map { "'\($0)'" }.joined(separator: ", ")
            throw .invalidRequest(
                "Invalid value for '\(name)': '\(String(text.prefix(200)))'. Supported values are: \(listed).", param: name, code: .invalidValue)
        }
        return text
    }

    /// A number as OpenAI's messages show it: `2`, `0.5`.
    private static func show(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
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

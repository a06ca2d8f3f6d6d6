/// The stable code of an error the gateway answers, its `error.code`: a closed set, each code
/// spelled once here (the failure table of docs/API.md explains each), and the code of an error
/// lmarena reported in its own stream, relayed as it came (the one code the gateway does not decide).
package enum ErrorCode: Sendable, Equatable {
    case adminDisabled
    case arenaError
    case arrayAboveMaxLength
    case clientClosedRequest
    case cloudflareBlocked
    case cloudflareChallenge
    case contentFlagged
    case contextLengthExceeded
    case crossOriginForbidden
    case decimalAboveMaxValue
    case decimalBelowMinValue
    case emptyArray
    case imageDownloadFailed
    case imageTooLarge
    case incompleteBody
    case integerAboveMaxValue
    case integerBelowMinValue
    case internalError
    case invalidApiKey
    case invalidImageFormat
    case invalidImageUrl
    case invalidJson
    case invalidJsonOutput
    case invalidType
    case invalidValue
    case loginRequired
    case methodNotAllowed
    case missingRequiredParameter
    case modelNotAllowed
    case modelNotFound
    case modelNotVision
    case noImage
    case noSessionConfigured
    case noUsableSession
    case promptFailed
    case proxyError
    case rateLimitExceeded
    case recaptchaRejected
    case recaptchaUnavailable
    case requestTimeout
    case requestTooLarge
    case responseNotFound
    case serverBusy
    case serverError
    case serverShuttingDown
    case sessionInvalid
    case sessionNotFound
    case sessionsBusy
    case sessionsRateLimited
    case tooManyImages
    case unknownParameter
    case unknownUrl
    case unsupportedContentType
    case unsupportedParameter
    case unsupportedValue
    case uploadFailed
    case upstreamConnectionClosed
    case upstreamEmpty
    case upstreamError
    case upstreamHtml
    case upstreamProtocolError
    case upstreamRateLimited
    case upstreamRedirect
    case upstreamRouteNotAllowed
    case upstreamTimeout
    case upstreamUnreachable
    /// A code lmarena put in an error it reported.
    case relayed(String)

    /// The code as the client reads it.
    package var rawValue: String {
        switch self {
        case .adminDisabled: return "admin_disabled"
        case .arenaError: return "arena_error"
        case .arrayAboveMaxLength: return "array_above_max_length"
        case .clientClosedRequest: return "client_closed_request"
        case .cloudflareBlocked: return "cloudflare_blocked"
        case .cloudflareChallenge: return "cloudflare_challenge"
        case .contentFlagged: return "content_flagged"
        case .contextLengthExceeded: return "context_length_exceeded"
        case .crossOriginForbidden: return "cross_origin_forbidden"
        case .decimalAboveMaxValue: return "decimal_above_max_value"
        case .decimalBelowMinValue: return "decimal_below_min_value"
        case .emptyArray: return "empty_array"
        case .imageDownloadFailed: return "image_download_failed"
        case .imageTooLarge: return "image_too_large"
        case .incompleteBody: return "incomplete_body"
        case .integerAboveMaxValue: return "integer_above_max_value"
        case .integerBelowMinValue: return "integer_below_min_value"
        case .internalError: return "internal_error"
        case .invalidApiKey: return "invalid_api_key"
        case .invalidImageFormat: return "invalid_image_format"
        case .invalidImageUrl: return "invalid_image_url"
        case .invalidJson: return "invalid_json"
        case .invalidJsonOutput: return "invalid_json_output"
        case .invalidType: return "invalid_type"
        case .invalidValue: return "invalid_value"
        case .loginRequired: return "login_required"
        case .methodNotAllowed: return "method_not_allowed"
        case .missingRequiredParameter: return "missing_required_parameter"
        case .modelNotAllowed: return "model_not_allowed"
        case .modelNotFound: return "model_not_found"
        case .modelNotVision: return "model_not_vision"
        case .noImage: return "no_image"
        case .noSessionConfigured: return "no_session_configured"
        case .noUsableSession: return "no_usable_session"
        case .promptFailed: return "prompt_failed"
        case .proxyError: return "proxy_error"
        case .rateLimitExceeded: return "rate_limit_exceeded"
        case .recaptchaRejected: return "recaptcha_rejected"
        case .recaptchaUnavailable: return "recaptcha_unavailable"
        case .requestTimeout: return "request_timeout"
        case .requestTooLarge: return "request_too_large"
        case .responseNotFound: return "response_not_found"
        case .serverBusy: return "server_busy"
        case .serverError: return "server_error"
        case .serverShuttingDown: return "server_shutting_down"
        case .sessionInvalid: return "session_invalid"
        case .sessionNotFound: return "session_not_found"
        case .sessionsBusy: return "sessions_busy"
        case .sessionsRateLimited: return "sessions_rate_limited"
        case .tooManyImages: return "too_many_images"
        case .unknownParameter: return "unknown_parameter"
        case .unknownUrl: return "unknown_url"
        case .unsupportedContentType: return "unsupported_content_type"
        case .unsupportedParameter: return "unsupported_parameter"
        case .unsupportedValue: return "unsupported_value"
        case .uploadFailed: return "upload_failed"
        case .upstreamConnectionClosed: return "upstream_connection_closed"
        case .upstreamEmpty: return "upstream_empty"
        case .upstreamError: return "upstream_error"
        case .upstreamHtml: return "upstream_html"
        case .upstreamProtocolError: return "upstream_protocol_error"
        case .upstreamRateLimited: return "upstream_rate_limited"
        case .upstreamRedirect: return "upstream_redirect"
        case .upstreamRouteNotAllowed: return "upstream_route_not_allowed"
        case .upstreamTimeout: return "upstream_timeout"
        case .upstreamUnreachable: return "upstream_unreachable"
        case .relayed(let code): return code
        }
    }

    /// The code `raw` spells: one of the set, or one lmarena reported, relayed.
    package init(_ raw: String) {
        switch raw {
        case "admin_disabled": self = .adminDisabled
        case "arena_error": self = .arenaError
        case "array_above_max_length": self = .arrayAboveMaxLength
        case "client_closed_request": self = .clientClosedRequest
        case "cloudflare_blocked": self = .cloudflareBlocked
        case "cloudflare_challenge": self = .cloudflareChallenge
        case "content_flagged": self = .contentFlagged
        case "context_length_exceeded": self = .contextLengthExceeded
        case "cross_origin_forbidden": self = .crossOriginForbidden
        case "decimal_above_max_value": self = .decimalAboveMaxValue
        case "decimal_below_min_value": self = .decimalBelowMinValue
        case "empty_array": self = .emptyArray
        case "image_download_failed": self = .imageDownloadFailed
        case "image_too_large": self = .imageTooLarge
        case "incomplete_body": self = .incompleteBody
        case "integer_above_max_value": self = .integerAboveMaxValue
        case "integer_below_min_value": self = .integerBelowMinValue
        case "internal_error": self = .internalError
        case "invalid_api_key": self = .invalidApiKey
        case "invalid_image_format": self = .invalidImageFormat
        case "invalid_image_url": self = .invalidImageUrl
        case "invalid_json": self = .invalidJson
        case "invalid_json_output": self = .invalidJsonOutput
        case "invalid_type": self = .invalidType
        case "invalid_value": self = .invalidValue
        case "login_required": self = .loginRequired
        case "method_not_allowed": self = .methodNotAllowed
        case "missing_required_parameter": self = .missingRequiredParameter
        case "model_not_allowed": self = .modelNotAllowed
        case "model_not_found": self = .modelNotFound
        case "model_not_vision": self = .modelNotVision
        case "no_image": self = .noImage
        case "no_session_configured": self = .noSessionConfigured
        case "no_usable_session": self = .noUsableSession
        case "prompt_failed": self = .promptFailed
        case "proxy_error": self = .proxyError
        case "rate_limit_exceeded": self = .rateLimitExceeded
        case "recaptcha_rejected": self = .recaptchaRejected
        case "recaptcha_unavailable": self = .recaptchaUnavailable
        case "request_timeout": self = .requestTimeout
        case "request_too_large": self = .requestTooLarge
        case "response_not_found": self = .responseNotFound
        case "server_busy": self = .serverBusy
        case "server_error": self = .serverError
        case "server_shutting_down": self = .serverShuttingDown
        case "session_invalid": self = .sessionInvalid
        case "session_not_found": self = .sessionNotFound
        case "sessions_busy": self = .sessionsBusy
        case "sessions_rate_limited": self = .sessionsRateLimited
        case "too_many_images": self = .tooManyImages
        case "unknown_parameter": self = .unknownParameter
        case "unknown_url": self = .unknownUrl
        case "unsupported_content_type": self = .unsupportedContentType
        case "unsupported_parameter": self = .unsupportedParameter
        case "unsupported_value": self = .unsupportedValue
        case "upload_failed": self = .uploadFailed
        case "upstream_connection_closed": self = .upstreamConnectionClosed
        case "upstream_empty": self = .upstreamEmpty
        case "upstream_error": self = .upstreamError
        case "upstream_html": self = .upstreamHtml
        case "upstream_protocol_error": self = .upstreamProtocolError
        case "upstream_rate_limited": self = .upstreamRateLimited
        case "upstream_redirect": self = .upstreamRedirect
        case "upstream_route_not_allowed": self = .upstreamRouteNotAllowed
        case "upstream_timeout": self = .upstreamTimeout
        case "upstream_unreachable": self = .upstreamUnreachable
        default: self = .relayed(raw)
        }
    }
}

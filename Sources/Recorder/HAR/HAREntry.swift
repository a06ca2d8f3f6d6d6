/// One recorded exchange: a request, its response, and how replay may break it.
public struct HAREntry: Codable, Sendable, Equatable {
    /// When the request was sent, ISO 8601.
    public var startedDateTime: String
    /// Total time of the exchange in milliseconds.
    public var time: Double
    /// The request as sent upstream.
    public var request: HARRequest
    /// The response as received.
    public var response: HARResponse
    /// HAR's cache object, always empty here.
    public var cache: HAREmpty
    /// Phase timings in milliseconds.
    public var timings: HARTimings
    /// How replay breaks this exchange on purpose (hand-written fixtures only).
    public var fault: FixtureFault?
    /// Extra conditions a request must meet to get this entry.
    public var match: FixtureMatch?

    enum CodingKeys: String, CodingKey {
        case startedDateTime, time, request, response, cache, timings
        case fault = "_fault"
        case match = "_match"
    }

    /// Creates an entry.
    public init(
        startedDateTime: String, time: Double, request: HARRequest, response: HARResponse,
        timings: HARTimings, fault: FixtureFault? = nil, match: FixtureMatch? = nil
    ) {
        self.startedDateTime = startedDateTime
        self.time = time
        self.request = request
        self.response = response
        self.cache = HAREmpty()
        self.timings = timings
        self.fault = fault
        self.match = match
    }

    /// Decodes an entry, tolerating the optional fields browsers leave out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startedDateTime = try container.decodeIfPresent(String.self, forKey: .startedDateTime) ?? ""
        time = try container.decodeIfPresent(Double.self, forKey: .time) ?? 0
        request = try container.decode(HARRequest.self, forKey: .request)
        response = try container.decode(HARResponse.self, forKey: .response)
        cache = HAREmpty()
        timings = try container.decodeIfPresent(HARTimings.self, forKey: .timings) ?? HARTimings(send: 0, wait: 0, receive: 0)
        fault = try container.decodeIfPresent(FixtureFault.self, forKey: .fault)
        match = try container.decodeIfPresent(FixtureMatch.self, forKey: .match)
    }
}

/// An empty JSON object (`{}`), as HAR's `cache` field.
public struct HAREmpty: Codable, Sendable, Equatable {
    /// Creates it.
    public init() {}
}

/// A header or query pair.
public struct HARNameValue: Codable, Sendable, Equatable {
    /// Name as sent.
    public var name: String
    /// Value as sent (`REDACTED` for credentials).
    public var value: String

    /// Creates a pair.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// HAR phase timings, in milliseconds.
public struct HARTimings: Codable, Sendable, Equatable {
    /// Time to send the request.
    public var send: Double
    /// Time waiting for the first byte of the response.
    public var wait: Double
    /// Time reading the response body.
    public var receive: Double

    /// Creates timings.
    public init(send: Double, wait: Double, receive: Double) {
        self.send = send
        self.wait = wait
        self.receive = receive
    }

    /// Decodes timings; browsers write -1 or leave out phases that did not apply.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        send = max(0, try container.decodeIfPresent(Double.self, forKey: .send) ?? 0)
        wait = max(0, try container.decodeIfPresent(Double.self, forKey: .wait) ?? 0)
        receive = max(0, try container.decodeIfPresent(Double.self, forKey: .receive) ?? 0)
    }
}

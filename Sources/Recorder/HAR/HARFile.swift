/// A fixture file: an HTTP Archive (HAR 1.2) log extended with `_` fields (docs/FIXTURES.md).
public struct HARFile: Codable, Sendable, Equatable {
    /// The archive.
    public var log: HARLog

    /// Creates a file around a log.
    public init(log: HARLog) {
        self.log = log
    }
}

/// The `log` object of a HAR file.
public struct HARLog: Codable, Sendable, Equatable {
    /// HAR format version, `1.2`.
    public var version: String
    /// The program that wrote the file.
    public var creator: HARCreator
    /// What this fixture is for and where it came from (lmarena2api's extension).
    public var fixture: FixtureInfo?
    /// The recorded exchanges, in order.
    public var entries: [HAREntry]

    enum CodingKeys: String, CodingKey {
        case version, creator, entries
        case fixture = "_fixture"
    }

    /// Creates a log.
    public init(version: String = "1.2", creator: HARCreator = .lmarena2api, fixture: FixtureInfo?, entries: [HAREntry]) {
        self.version = version
        self.creator = creator
        self.fixture = fixture
        self.entries = entries
    }
}

/// The `creator` of a HAR log.
public struct HARCreator: Codable, Sendable, Equatable {
    /// Program name.
    public var name: String
    /// Program version.
    public var version: String

    /// Creates a creator record.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// This project.
    public static let lmarena2api = HARCreator(name: "lmarena2api", version: "0.1.0")
}

/// The `_fixture` object: a fixture's purpose and provenance.
public struct FixtureInfo: Codable, Sendable, Equatable {
    /// One line: what the fixture exercises.
    public var description: String
    /// `recorded`, `imported` or `synthesized`.
    public var source: String
    /// `v2` or `legacy`.
    public var dialect: String
    /// When it was recorded or written, ISO 8601.
    public var recordedAt: String?
    /// How a recorded exchange ended when it did not end normally (`error`, `timeout`, `client-disconnect`).
    public var outcome: String?
    /// What a client must see, for synthesized fixtures.
    public var expect: FixtureExpectation?

    /// Creates fixture metadata.
    public init(description: String, source: String, dialect: String, recordedAt: String? = nil, outcome: String? = nil) {
        self.description = description
        self.source = source
        self.dialect = dialect
        self.recordedAt = recordedAt
        self.outcome = outcome
    }
}

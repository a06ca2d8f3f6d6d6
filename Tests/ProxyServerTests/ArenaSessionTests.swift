import Testing

@testable import ArenaWire
@testable import ProxyServer

/// Every `LA_COOKIE` form seen in 2026 (docs/UPSTREAM.md, "2026: what captures of the live site add").
struct ArenaSessionTests {
    static func names(_ session: ArenaSession?) -> [String] { session?.cookies.map(\.name) ?? [] }

    @Test(arguments: ["base64-eyJhY2Nlc3NfdG9rZW4iOiJ4In0=", "eyJhY2Nlc3NfdG9rZW4iOiJ4In0", "arena-auth-prod-v1=eyJhY2Nlc3NfdG9rZW4iOiJ4In0"])
    func aSingleValueWithOrWithoutItsPrefixIsTheAuthCookie(entry: String) throws {
        let session = try #require(ArenaSession(entry: entry, number: 1))
        #expect(session.cookies.count == 1)
        #expect(session.cookies[0].name == "arena-auth-prod-v1")
        #expect(entry.hasSuffix(session.cookies[0].value))
    }

    @Test func anyNumberOfChunksJoinedWithABarGoInOrder() {
        let session = ArenaSession(entry: "base64-part0|part1|part2|part3", number: 1)
        #expect(Self.names(session) == ["arena-auth-prod-v1.0", "arena-auth-prod-v1.1", "arena-auth-prod-v1.2", "arena-auth-prod-v1.3"])
        #expect(
            session?.cookieHeader(cfClearance: "cf")
                == "cf_clearance=cf; arena-auth-prod-v1.0=base64-part0; arena-auth-prod-v1.1=part1; arena-auth-prod-v1.2=part2; arena-auth-prod-v1.3=part3"
        )
    }

    @Test func aPastedCookieHeaderKeepsTheAuthChunksCloudflareCookiesAndCountry() throws {
        let header =
            "Cookie: _ga=GA1.1.123; arena-auth-prod-v1.1=second; cf_clearance=own-clearance; __cf_bm=bm; arena-auth-prod-v1.0=base64-first; user_country_code=BR; theme=dark"
        let session = try #require(ArenaSession(entry: header, number: 3))
        #expect(Self.names(session) == ["arena-auth-prod-v1.0", "arena-auth-prod-v1.1", "cf_clearance", "__cf_bm", "user_country_code"])
        // The entry's own clearance wins over CF_CLEARANCE, and goes first.
        #expect(
            session.cookieHeader(cfClearance: "global")
                == "cf_clearance=own-clearance; arena-auth-prod-v1.0=base64-first; arena-auth-prod-v1.1=second; __cf_bm=bm; user_country_code=BR")
        #expect(session.secretValues.sorted() == ["base64-first", "bm", "own-clearance", "second"], "the country code is not a secret")
    }

    @Test func aHeaderWithoutAnAuthCookieIsNoSession() {
        #expect(ArenaSession(entry: "cf_clearance=x; theme=dark", number: 1) == nil)
        #expect(ArenaSession(entry: "   ", number: 1) == nil)
    }

    @Test func entriesAreSeparatedByNewlinesAndCommas() {
        let list = "first-value,\narena-auth-prod-v1.0=a; arena-auth-prod-v1.1=b; cf_clearance=c\n\nthird-a|third-b"
        let sessions = ArenaSession.parseList(list)
        #expect(sessions.map(\.number) == [1, 2, 3])
        #expect(Self.names(sessions[0]) == ["arena-auth-prod-v1"])
        #expect(Self.names(sessions[1]) == ["arena-auth-prod-v1.0", "arena-auth-prod-v1.1", "cf_clearance"])
        #expect(Self.names(sessions[2]) == ["arena-auth-prod-v1.0", "arena-auth-prod-v1.1"])
    }

    @Test func configuredSecretsCoverEveryForm() throws {
        let configuration = try ProxyConfiguration(values: ["LA_COOKIE": "arena-auth-prod-v1=tok; cf_clearance=clr; user_country_code=US"])
        #expect(configuration.secrets.contains("tok"))
        #expect(configuration.secrets.contains("clr"))
        #expect(!configuration.secrets.contains("US"))
    }
}

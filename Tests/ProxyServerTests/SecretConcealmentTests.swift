import Foundation
import Logging
import Testing

@testable import Accounts
@testable import ArenaWire
@testable import ProxyServer

/// Every type that holds a credential describes, debug-describes and mirrors itself without it,
/// so that no value printed whole (a service in service-lifecycle's debug lines, a `dump`) shows one.
struct SecretConcealmentTests {
    static let secrets = [
        "cookie-value-that-is-secret", "api-secret-value", "admin-secret-value", "clearance-value-secret",
        "recaptcha-token-secret", "proxy-password-secret",
    ]

    /// Every way Swift prints a value.
    static func printed(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped, "\(Mirror(reflecting: value).children.map { "\($0.value)" })"]
    }

    static func expectConcealed(_ value: Any, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in printed(value) {
            for secret in secrets {
                #expect(!text.contains(secret), "\(type(of: value)) printed \(secret)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func theConfigurationAndWhatHoldsItPrintNoSecret() throws {
        let configuration = try ProxyConfiguration(values: [
            "LA_COOKIE": Self.secrets[0], "API_SECRET": Self.secrets[1], "ADMIN_SECRET": Self.secrets[2],
            "CF_CLEARANCE": Self.secrets[3], "RECAPTCHA_TOKEN": Self.secrets[4], "PROXY_URL": "http://user:\(Self.secrets[5])@127.0.0.1:3128",
        ])
        Self.expectConcealed(configuration)
        Self.expectConcealed(try #require(configuration.outboundProxy))
        Self.expectConcealed(configuration.sessions)
        Self.expectConcealed(Redactor(secrets: Self.secrets))
        let registry = SecretRegistry()
        registry.learn(Self.secrets)
        Self.expectConcealed(registry)
        Self.expectConcealed(ArenaRequestBuilder(dialect: .v2, cfClearance: Self.secrets[3]))
        Self.expectConcealed(SessionPool(sessions: configuration.sessions, defaultCooldown: .seconds(1), logger: .init(label: "test")))
        // A value that is none of these but holds them prints nothing secret either.
        struct Holder {
            let configuration: ProxyConfiguration
            let redactor: Redactor
        }
        Self.expectConcealed(Holder(configuration: configuration, redactor: Redactor(secrets: Self.secrets)))
    }
}

import Foundation
import Logging
import Testing

@testable import ArenaWire
@testable import ProxyServer
@testable import Settings

struct ProxyConfigurationTests {
    @Test func defaultsMatchTheGoProject() throws {
        let configuration = try ProxyConfiguration(values: [:])
        #expect(configuration.port == 10088)
        #expect(configuration.requestRateLimit == 60)
        #expect(configuration.dialect == .v2)
        #expect(configuration.routePrefix == "")
        #expect(configuration.apiSecrets.isEmpty)
        #expect(configuration.sessions.isEmpty)
        // Not a Go setting: 16 MiB holds one image of MAX_IMAGE_BYTES (10 MiB) as a base64 data: URL.
        #expect(configuration.maxRequestBytes == 16 * 1024 * 1024)
        #expect(configuration.maxImageBytes == 10 * 1024 * 1024)
        #expect(configuration.imageFetchTimeout == .seconds(30) && configuration.uploadTimeout == .seconds(30))
        #expect(configuration.pinnedActions == nil)
    }

    @Test func uploadActionIDsArePinnedTogetherAndChecked() throws {
        let generate = "7f3a9c2e41d0b8f6a5e4c3b2a1908f7e6d5c4b3a21"
        let signed = "40B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0"
        let both = try ProxyConfiguration(values: ["ARENA_ACTION_GENERATE_UPLOAD_URL": generate, "ARENA_ACTION_GET_SIGNED_URL": signed])
        #expect(both.pinnedActions == ServerActionIDs(generateUploadUrl: generate, getSignedUrl: signed.lowercased()))
        #expect(throws: ConfigurationError.self) { try ProxyConfiguration(values: ["ARENA_ACTION_GET_SIGNED_URL": "not-an-id"]) }
        #expect(throws: ConfigurationError.self) { try ProxyConfiguration(values: ["MAX_IMAGE_BYTES": "10"]) }
        let half = try ProxyConfiguration(values: ["ARENA_ACTION_GET_SIGNED_URL": signed])
        #expect(throws: ConfigurationError.self) { try GatewayServer(configuration: half, logger: Logger(label: "t")) }
    }

    @Test func readsEverySetting() throws {
        let configuration = try ProxyConfiguration(values: [
            "PORT": "8080", "DEBUG": "true", "API_SECRET": "k1, k2", "LA_COOKIE": "a,b|c", "CF_CLEARANCE": "cf",
            "PROXY_URL": "http://user:p%40ss@127.0.0.1:3128", "REQUEST_RATE_LIMIT": "5", "ROUTE_PREFIX": "/hf/",
            "LMARENA_BASE_URL": "http://127.0.0.1:9", "LMARENA_DIALECT": "legacy", "RECAPTCHA_TOKEN": "t",
            "USER_AGENT": "UA", "MODELS_FILE": "/m.json", "MAX_REQUEST_BYTES": "2048", "CONNECT_TIMEOUT": "1.5",
            "FIRST_BYTE_TIMEOUT": "2", "IDLE_TIMEOUT": "3", "HOST": "127.0.0.1",
        ])
        #expect(configuration.port == 8080)
        #expect(configuration.debug)
        #expect(configuration.apiSecrets == ["k1", "k2"])
        #expect(configuration.sessions.count == 2)
        #expect(configuration.sessions[1].cookies.map(\.name) == ["arena-auth-prod-v1.0", "arena-auth-prod-v1.1"])
        #expect(configuration.outboundProxy == (try OutboundProxy(parsing: "http://user:p%40ss@127.0.0.1:3128")))
        #expect(configuration.outboundProxy?.password == "p@ss")
        #expect(configuration.outboundProxy?.redactedDescription == "http://127.0.0.1:3128")
        #expect(configuration.requestRateLimit == 5)
        #expect(configuration.routePrefix == "/hf")
        #expect(configuration.dialect == .legacy)
        #expect(configuration.connectTimeout == .milliseconds(1500))
        #expect(configuration.host == "127.0.0.1")
    }

    @Test(arguments: [
        ("PORT", "abc"), ("PORT", "70000"), ("DEBUG", "maybe"), ("REQUEST_RATE_LIMIT", "-1"), ("LMARENA_DIALECT", "v3"),
        ("LMARENA_BASE_URL", "arena.ai"), ("PROXY_URL", "ftp://x:1"), ("PROXY_URL", "not a url"), ("IDLE_TIMEOUT", "0"),
        ("MAX_REQUEST_BYTES", "12"),
    ])
    func aBadValueNamesItsVariable(variable: String, value: String) {
        #expect {
            _ = try ProxyConfiguration(values: [variable: value])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == variable && error.description.hasPrefix("\(variable) (--")
        }
    }

    @Test func aSecretValueNeverAppearsInAnError() {
        #expect {
            _ = try ProxyConfiguration(values: ["PROXY_URL": "socks5://user:hunter2@127.0.0.1:1080"])
        } throws: { error in
            "\(error)".contains("PROXY_URL") && !"\(error)".contains("hunter2")
        }
    }

    @Test(arguments: [("hf", "/hf"), ("/hf", "/hf"), ("/hf/", "/hf"), ("", ""), ("/", ""), ("a/b", "/a/b")])
    func routePrefixIsNormalized(raw: String, normalized: String) {
        #expect(ProxyConfiguration.prefix(raw) == normalized)
    }

    @Test func everySettingHasAFlagHelpAndDefault() {
        for setting in GatewaySettings.all {
            #expect(setting.flag == setting.variable.lowercased().replacingOccurrences(of: "_", with: "-"))
            #expect(!setting.help.isEmpty)
            #expect(!setting.defaultDescription.isEmpty)
        }
        #expect(Set(GatewaySettings.all.map(\.variable)).count == GatewaySettings.all.count, "each setting is declared once")
    }

    @Test func everyDeclaredDefaultParses() throws {
        for setting in GatewaySettings.all {
            guard let value = setting.defaultValue else { continue }
            var configuration = ProxyConfiguration()
            try setting.apply(value, to: &configuration)
        }
        #expect(ProxyConfiguration().idleTimeout == .seconds(120))
        #expect(ProxyConfiguration().userAgent == ArenaRequestBuilder.defaultUserAgent)
    }

    @Test func aFlagWinsOverTheEnvironmentWhichWinsOverACommandDefault() throws {
        let reader = SettingReader(
            flags: ["PORT": "7001", "REQUEST_RATE_LIMIT": "9"], environment: ["PORT": "7002", "HOST": "10.0.0.1", "REQUEST_RATE_LIMIT": ""],
            defaults: ["HOST": "127.0.0.1", "MAX_RETRIES": "5"])
        let configuration = try ProxyConfiguration(reading: reader)
        #expect(configuration.port == 7001)
        #expect(configuration.host == "10.0.0.1")
        #expect(configuration.maxRetries == 5)
        #expect(configuration.requestRateLimit == 9)
    }
}

/// The open-file limit is raised to its hard limit at start-up, and sizes the automatic cap.
struct DescriptorLimitTests {
    @Test func theSoftLimitIsRaisedToTheHardLimit() {
        let (_, after) = DescriptorLimit.raise()
        let now = DescriptorLimit.current()
        #expect(after == now.soft)
        #expect(now.soft == now.hard || now.hard > 1 << 30, "the soft limit is the hard one (or the hard one is unlimited)")
        #expect(DescriptorLimit.automaticConnectionCap(soft: 1024) == 448, "two descriptors a stream, 128 set aside")
        #expect(DescriptorLimit.automaticConnectionCap(soft: 100) == 16)
        #expect(DescriptorLimit.automaticConnectionCap(soft: 10_000_000) == 65_536)
    }
}

import AsyncHTTPClient
import Foundation
import Settings

/// The outbound proxy of `PROXY_URL`: an HTTP CONNECT proxy or a SOCKS5 proxy.
public struct OutboundProxy: Sendable, Equatable, ConcealsSecrets {
    /// The proxy protocols.
    package enum Kind: String, Sendable {
        /// HTTP proxy, tunnelling with CONNECT.
        case http
        /// SOCKS5 proxy.
        case socks5
    }

    /// Which protocol.
    package var kind: Kind
    /// Proxy host.
    package var host: String
    /// Proxy port.
    package var port: Int
    /// User name, for HTTP proxies that ask for Basic authentication.
    package var username: String?
    /// Password (a secret: never logged).
    package var password: String?
    /// Whether the URL said `https://`: the proxy is still spoken to in plain HTTP (CONNECT).
    package var declaredTLS = false

    /// Parses `http://[user:pass@]host:port` or `socks5://host:port`.
    package init(parsing raw: String) throws(ConfigurationError) {
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError(reason: "expected a URL like http://host:port or socks5://host:port")
        }
        switch scheme {
        case "http", "https":
            kind = .http
            declaredTLS = scheme == "https"
        case "socks5", "socks5h": kind = .socks5
        default: throw ConfigurationError(reason: "unsupported scheme '\(scheme)': use http://, https:// or socks5://")
        }
        self.host = host
        self.port = components.port ?? (kind == .socks5 ? 1080 : (scheme == "https" ? 443 : 80))
        self.username = components.user?.removingPercentEncoding
        self.password = components.password?.removingPercentEncoding
        if kind == .socks5, username != nil {
            throw ConfigurationError(reason: "SOCKS5 with a user and password is not supported; use an HTTP proxy for authenticated proxying")
        }
    }

    /// The AsyncHTTPClient proxy configuration.
    package var clientProxy: HTTPClient.Configuration.Proxy {
        switch kind {
        case .socks5:
            return .socksServer(host: host, port: port)
        case .http:
            if let username {
                return .server(host: host, port: port, authorization: .basic(username: username, password: password ?? ""))
            }
            return .server(host: host, port: port)
        }
    }

    /// `kind://host:port`, without credentials, for logs and errors.
    package var redactedDescription: String { "\(kind.rawValue)://\(host):\(port)" }
}

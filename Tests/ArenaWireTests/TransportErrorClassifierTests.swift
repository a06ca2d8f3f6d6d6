import AsyncHTTPClient
import Testing

@testable import ArenaWire

/// The transport classifier says what an error was, as a type: a cancellation, or a failure of
/// a kind the gateway acts on, in words that name the outbound proxy when there is one.
struct TransportErrorClassifierTests {
    struct Unknown: Error {}

    @Test func aCancellationIsACancellationWhoeverThrewIt() {
        let classifier = TransportErrorClassifier(proxy: nil)
        #expect(classifier.classify(CancellationError(), beforeHead: true) == .cancelled)
        #expect(classifier.classify(HTTPClientError.cancelled, beforeHead: false) == .cancelled)
        #expect(classifier.classify(CancellationError(), beforeHead: true).thrown is CancellationError)
    }

    @Test func eachClientErrorHasItsKind() {
        let classifier = TransportErrorClassifier(proxy: nil)
        #expect(classifier.classify(HTTPClientError.connectTimeout, beforeHead: true).failure?.kind == .connectTimeout)
        #expect(classifier.classify(HTTPClientError.deadlineExceeded, beforeHead: true).failure?.kind == .firstByteTimeout)
        #expect(classifier.classify(HTTPClientError.readTimeout, beforeHead: true).failure?.kind == .firstByteTimeout)
        #expect(classifier.classify(HTTPClientError.readTimeout, beforeHead: false).failure?.kind == .idleTimeout)
        #expect(classifier.classify(HTTPClientError.remoteConnectionClosed, beforeHead: false).failure?.kind == .connectionClosed)
        #expect(classifier.classify(Unknown(), beforeHead: true).failure?.kind == .connect, "before the head: no connection")
        #expect(classifier.classify(Unknown(), beforeHead: false).failure?.kind == .connectionClosed, "after it: a broken one")
    }

    @Test func withAProxyAFailureToConnectIsTheProxys() {
        let classifier = TransportErrorClassifier(proxy: "http://127.0.0.1:3128")
        let failure = classifier.classify(HTTPClientError.connectTimeout, beforeHead: true).failure
        #expect(failure?.kind == .proxy)
        #expect(failure?.detail.contains("http://127.0.0.1:3128") == true)
        let given = ArenaTransportError(.idleTimeout, "quiet")
        #expect(classifier.classify(given, beforeHead: false) == .failed(given), "a classified failure passes through")
    }
}

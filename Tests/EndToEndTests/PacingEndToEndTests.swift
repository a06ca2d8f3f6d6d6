import AsyncHTTPClient
import Foundation
import Logging
import MockArena
import NIOCore
import NIOHTTP1
import Recorder
import TestSupport
import Testing

/// Pacing as a user meets it: a real `serve` process in front of MockArena, whose site judge
/// penalizes an account that sends too quickly (`mock --pace`) or answers on a skewed clock
/// (`mock --clock-offset`). Intervals are tenths of a second, never the defaults.
@Suite(.serialized)
struct PacingEndToEndTests {
    static let prompt = "Pace me"
    /// Two accounts: two users, so two sessions.
    static let accounts = [1, 2].map { number in
        SessionFixtures.cookie(
            user: "5f0c3a9e-0000-4000-8000-00000000000\(number)", serial: number, expiresAt: Date(timeIntervalSinceNow: 30 * 86_400))
    }

    /// An answer: status, headers, body, and when it arrived (its place among all answers).
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let text: String
    }

    /// Runs MockArena over `entries` with `site`, then `serve` in front of it with `environment`.
    static func withStack(
        _ entries: [HAREntry], site: SiteGate, _ environment: [String: String],
        _ body: @Sendable @escaping (SessionLifecycleTests.Gateway) async throws -> Void
    ) async throws {
        let fixtures = try SessionFixtures.directory("pacing", entries)
        let dataDir = try SessionLifecycleTests.temporary("data")
        let logs = try SessionLifecycleTests.temporary("logs")
        defer { for url in [fixtures, dataDir, logs] { try? FileManager.default.removeItem(at: url) } }
        let replayer = try FixtureReplayer(directory: fixtures)
        var logger = Logger(label: "mockarena")
        logger.logLevel = .critical
        try await LiveServer.with({ running in
            MockArenaServer.application(
                replayer: replayer, speed: 0, site: site, host: "127.0.0.1", port: 0, logger: logger, onServerRunning: running)
        }) { mockPort in
            let gateway = try await SessionLifecycleTests.start(
                mockPort: mockPort, dataDir: dataDir, logs: logs,
                ["LA_COOKIE": accounts.joined(separator: ","), "API_SECRET": "k1,k2,k3", "ADMIN_SECRET": "admin", "DEBUG": "false"]
                    .merging(environment) { $1 })
            do {
                try await body(gateway)
            } catch {
                try await gateway.stop()
                throw error
            }
            try await gateway.stop()
        }
    }

    /// A client with room for every request of a test at once (the shared one opens eight
    /// connections per host, and a ninth request would wait for one of them).
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))

    /// A collected chat completion as client `key`.
    static func chat(_ port: Int, key: String) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.body = .bytes(ByteBuffer(string: LiveStack.chatBody(model: SessionFixtures.model, prompt: prompt, stream: false)))
        let response = try await client.execute(request, timeout: .seconds(60))
        return Answer(
            status: Int(response.status.code), headers: response.headers, text: String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    /// `GET path` with the admin key, as text.
    static func admin(_ port: Int, _ path: String) async throws -> String {
        try await SessionLifecycleTests.send(port: port, path: path, method: .GET, key: "admin").text
    }

    /// The `pace` object of session `number` in `/admin/sessions`.
    static func pace(_ port: Int, session number: Int) async throws -> [String: Any] {
        let text = try await admin(port, "/admin/sessions")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let sessions = try #require(list["data"] as? [[String: Any]])
        let session = try #require(sessions.first { $0["number"] as? Int == number })
        return try #require(session["pace"] as? [String: Any])
    }

    /// Polls `condition` until it holds; gives up (a failed test, not a hang) after a minute.
    static func until(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<600 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("gave up waiting until \(what)")
        throw CancellationError()
    }

    /// What happened, in the order it happened.
    actor Journal<Item: Sendable> {
        private(set) var items: [Item] = []
        func append(_ item: Item) { items.append(item) }
        var count: Int { items.count }
    }

    /// The gateway's pace, with a margin over the site's (`interval=0.2,window=4/2`): a request's
    /// start and its arrival at MockArena may drift apart by a few tenths on a busy machine.
    static let paced = [
        "SESSION_CONCURRENCY": "1", "SESSION_MIN_INTERVAL": "0.6", "SESSION_WINDOW": "4/4", "SESSION_PENALTY_REST": "30", "QUEUE_TIMEOUT": "30",
    ]
    /// The site's judgement in the burst tests.
    static let site = "interval=0.2,window=4/2,rest=30"

    /// Twelve requests from three clients at once, on two accounts.
    static func burst(_ port: Int) async throws -> [Answer] {
        try await withThrowingTaskGroup(of: Answer.self) { group in
            for index in 0..<12 { group.addTask { try await chat(port, key: "k\(index % 3 + 1)") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func aBurstFromThreeClientsOnTwoAccountsIsAnsweredWithoutOnePenalty() async throws {
        let site = SiteGate(pace: SiteJudge.Pace.parse(Self.site))
        try await Self.withStack([try SessionFixtures.answer(prompt: Self.prompt, cookie: nil, text: "Paced.")], site: site, Self.paced) { gateway in
            let answers = try await Self.burst(gateway.port)
            #expect(answers.map(\.status) == Array(repeating: 200, count: 12), "\(answers.map(\.text))")
            #expect(site.penalties == 0)
            for number in [1, 2] {
                let pace = try await Self.pace(gateway.port, session: number)
                #expect(pace["penalties"] as? Int == 0)
            }
            let sessions = try await Self.admin(gateway.port, "/admin/sessions")
            #expect(sessions.components(separatedBy: "\"successes\":6").count == 3, "each account answered six: \(sessions)")
        }
    }

    @Test func theSameBurstWithoutPacingIsPenalized() async throws {
        let site = SiteGate(pace: SiteJudge.Pace.parse(Self.site))
        let unpaced = ["SESSION_CONCURRENCY": "0", "SESSION_MIN_INTERVAL": "0", "SESSION_WINDOW": "0"]
        try await Self.withStack([try SessionFixtures.answer(prompt: Self.prompt, cookie: nil, text: "Paced.")], site: site, unpaced) { gateway in
            _ = try await Self.burst(gateway.port)
            #expect(site.penalties > 0, "without pacing the site penalizes the accounts: the pacing is what avoids it")
        }
    }

    @Test func aSingleRequestOfASecondClientIsAnsweredBeforeTheFourthOfABurst() async throws {
        let environment = ["SESSION_CONCURRENCY": "1", "SESSION_MIN_INTERVAL": "0.5", "SESSION_WINDOW": "0", "QUEUE_TIMEOUT": "60"]
        let entries = [try SessionFixtures.answer(prompt: Self.prompt, cookie: nil, text: "Paced.")]
        try await Self.withStack(entries, site: SiteGate(), environment.merging(["LA_COOKIE": Self.accounts[0]]) { $1 }) { gateway in
            let order = Journal<String>()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let answer = try await Self.chat(gateway.port, key: "k1")
                        #expect(answer.status == 200)
                        await order.append("A\(index)")
                    }
                }
                // Once the first client's requests are queued, the second client sends one.
                try await Self.until("nine requests of the first client wait") {
                    try await Self.admin(gateway.port, "/metrics").contains("lmarena2api_queue_waiting 9")
                }
                group.addTask {
                    let answer = try await Self.chat(gateway.port, key: "k2")
                    #expect(answer.status == 200)
                    await order.append("B")
                }
                try await group.waitForAll()
            }
            let finished = await order.items
            let second = try #require(finished.firstIndex(of: "B"))
            #expect(second < 4, "the second client's request was answered after \(second) of the first client's: \(finished)")
        }
    }

    @Test func requestsBeyondTheQueueTimeoutGet429SessionsBusyAtOnce() async throws {
        // Turns 2 s apart and 5 s of queue: three are admitted (0, 2 and 4 s away), three refused.
        let environment = ["SESSION_CONCURRENCY": "1", "SESSION_MIN_INTERVAL": "2", "SESSION_WINDOW": "0", "QUEUE_TIMEOUT": "5"]
        let entries = [try SessionFixtures.answer(prompt: Self.prompt, cookie: nil, text: "Paced.")]
        try await Self.withStack(entries, site: SiteGate(), environment.merging(["LA_COOKIE": Self.accounts[0]]) { $1 }) { gateway in
            let arrivals = Journal<Int>()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let answer = try await Self.chat(gateway.port, key: "k1")
                        await arrivals.append(answer.status)
                        guard answer.status != 200 else { return }
                        #expect(answer.status == 429)
                        #expect(answer.text.contains("\"code\":\"sessions_busy\""), "\(answer.text)")
                        #expect(answer.text.contains("QUEUE_TIMEOUT"))
                        #expect(Int(answer.headers.first(name: "retry-after") ?? "") ?? 0 >= 1)
                    }
                }
                try await group.waitForAll()
            }
            let seen = await arrivals.items
            #expect(seen.filter { $0 == 429 }.count >= 3, "\(seen)")
            // Refused at once: every refusal arrived before the last answer that waited its turn.
            let lastServed = try #require(seen.lastIndex(of: 200), "\(seen)")
            #expect(seen.indices.filter { seen[$0] == 429 }.allSatisfy { $0 < lastServed }, "\(seen)")
        }
    }

    @Test func aPenalizedAccountRestsWhileTheOtherServesAndReturnsAfterItsRest() async throws {
        var penalty = try SessionFixtures.answer(prompt: Self.prompt, cookie: Self.accounts[0])
        penalty.response = HARResponse(
            status: 403, statusText: "Forbidden", headers: [HARNameValue(name: "content-type", value: "application/json")],
            chunks: [FixtureChunk(offsetMs: 1, text: #"{"error":"recaptcha validation failed"}"#)], mimeType: "application/json")
        let entries = [
            penalty, try SessionFixtures.answer(prompt: Self.prompt, cookie: Self.accounts[0], text: "One is back."),
            try SessionFixtures.answer(prompt: Self.prompt, cookie: Self.accounts[1], text: "Two serves."),
        ]
        let environment = ["SESSION_CONCURRENCY": "1", "SESSION_MIN_INTERVAL": "0.1", "SESSION_WINDOW": "0", "SESSION_PENALTY_REST": "2"]
        try await Self.withStack(entries, site: SiteGate(), environment) { gateway in
            let first = try await Self.chat(gateway.port, key: "k1")
            #expect(first.status == 200 && first.text.contains("Two serves."), "\(first.status) \(first.text)")
            let resting = try await Self.pace(gateway.port, session: 1)
            #expect(resting["penalties"] as? Int == 1)
            #expect((resting["resting_seconds"] as? Double ?? 0) > 0)
            #expect((resting["rest_reason"] as? String ?? "").contains("recaptcha"))
            let metrics = try await Self.admin(gateway.port, "/metrics")
            #expect(
                metrics.split(separator: "\n").contains { $0.hasPrefix("lmarena2api_session_penalties_total{session=\"1\"") && $0.hasSuffix(" 1") })
            #expect(metrics.contains("lmarena2api_session_next_slot_seconds{session=\"1\""))
            let second = try await Self.chat(gateway.port, key: "k2")
            #expect(second.text.contains("Two serves."), "the resting account takes no request: \(second.text)")
            // Once its rest is over, the account idle longest serves: the one that rested.
            try await Self.until("session 1 has rested") { try await Self.pace(gateway.port, session: 1)["resting_seconds"] == nil }
            let third = try await Self.chat(gateway.port, key: "k1")
            #expect(third.status == 200 && third.text.contains("One is back."), "\(third.text)")
        }
    }

    @Test func aSiteClockTwoHoursAheadAnswersEveryRequest() async throws {
        let site = SiteGate(clockOffset: .seconds(7200))
        let entries = [try SessionFixtures.answer(prompt: Self.prompt, cookie: nil, text: "On time.")]
        let unpaced = ["SESSION_CONCURRENCY": "0", "SESSION_MIN_INTERVAL": "0", "SESSION_WINDOW": "0"]
        try await Self.withStack(entries, site: site, unpaced) { gateway in
            for index in 0..<3 {
                let answer = try await Self.chat(gateway.port, key: "k1")
                #expect(answer.status == 200 && answer.text.contains("On time."), "request \(index): \(answer.text)")
            }
            // The first request's ids were minted on the host's clock and refused; the answer's Date set the clock.
            let log = try String(contentsOf: gateway.log, encoding: .utf8)
            #expect(log.contains("lmarena's clock is"), "\(log)")
        }
    }
}

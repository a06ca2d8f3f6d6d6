import Foundation
import MockArena
import NIOCore
import Recorder
import TestSupport
import Testing

struct FixtureMatchingTests {
    @Test func sequencesServeInOrderThenRepeatTheLast() {
        var state = ReplayState(entryCount: 4)
        #expect(state.serve(among: [1, 3]) == 1)
        #expect(state.serve(among: [1, 3]) == 3)
        #expect(state.serve(among: [1, 3]) == 3)
        #expect(state.serve(among: []) == nil)
        #expect(state.unserved == [0, 2])
        #expect(state.servedCount(of: 3) == 2)
        state.reset()
        #expect(state.serve(among: [1, 3]) == 1)
        #expect(state.unserved == [0, 2, 3])
    }

    static func v2Body(model: String, text: String, modality: String = "chat", token: String = "t1", id: String = "i1") -> String {
        #"{"id":"\#(id)","modelAId":"\#(model)","modality":"\#(modality)","recaptchaV3Token":"\#(token)","userMessage":{"content":"\#(text)"}}"#
    }

    @Test func keyIgnoresVolatileFieldsAndIdsInThePath() {
        let a = FixtureKey(
            method: "post", url: "https://arena.ai/nextjs-api/stream/post-to-evaluation/019ac000-0000-7000-8000-000000000001",
            body: Self.v2Body(model: "m", text: "hi"))
        let b = FixtureKey(
            method: "POST", url: "http://127.0.0.1:1/nextjs-api/stream/post-to-evaluation/019ad111-1111-7111-8111-111111111111?x=1",
            body: Self.v2Body(model: "m", text: "hi", token: "t2", id: "i2"))
        #expect(a == b)
        #expect(a.path == "/nextjs-api/stream/post-to-evaluation/{id}")
        let legacy = FixtureKey(
            method: "POST", url: "/api/stream/create-evaluation",
            body: #"{"modelAId":"m","modality":"chat","messages":[{"role":"user","content":"old"},{"role":"assistant","content":""}]}"#)
        #expect(legacy.userText == "old")
    }

    @Test func matchConditionsSelectPerSessionAnswers() throws {
        let plan = ReplayPlan(
            entry: HAREntry(
                startedDateTime: "", time: 0,
                request: HARRequest(method: "POST", url: "https://arena.ai/x", headers: [], body: Self.v2Body(model: "m", text: "hi")),
                response: HARResponse(
                    status: 200, statusText: "OK", headers: [], chunks: [FixtureChunk(offsetMs: 1, text: "a0:\"A\"\n")], mimeType: "text/plain"),
                timings: HARTimings(send: 0, wait: 1, receive: 0)))
        let key = FixtureKey(method: "POST", url: "/x", body: Self.v2Body(model: "m", text: "hi"))
        let store = FixtureStore(entries: [
            .init(file: "pool.har", index: 0, key: key, match: FixtureMatch(cookieContains: "arena-auth-prod-v1=pool-a"), plan: plan),
            .init(file: "pool.har", index: 1, key: key, match: FixtureMatch(cookieContains: "arena-auth-prod-v1=pool-b"), plan: plan),
        ])
        let requestB = ReplayRequest(
            method: "POST", url: "/x", headers: [("Cookie", "cf_clearance=c; arena-auth-prod-v1=pool-b")], body: Self.v2Body(model: "m", text: "hi"))
        #expect(store.candidates(for: requestB) == [1])
        let requestC = ReplayRequest(
            method: "POST", url: "/x", headers: [("cookie", "arena-auth-prod-v1=pool-c")], body: Self.v2Body(model: "m", text: "hi"))
        #expect(store.candidates(for: requestC).isEmpty)
        #expect(store.closest(to: requestC)?.field == "_match")
    }

    @Test func exactCookieMatchesAndSetCookiesReplayAsWritten() throws {
        let fresh = SessionFixtures.cookie(serial: 2, expiresAt: Date(timeIntervalSince1970: 1_900_000_000))
        var recorded = try SessionFixtures.answer(prompt: "Cookies", cookie: "stale-value", setCookies: [SessionFixtures.setCookie(fresh)])
        // As a recording has it: the header's value says REDACTED, and it must never reach the gateway.
        recorded.response.headers.append(HARNameValue(name: "set-cookie", value: "cf_clearance=REDACTED"))
        let plan = ReplayPlan(entry: recorded)
        let sent = plan.headers.filter { $0.name == "set-cookie" }.map(\.value)
        #expect(sent == [SessionFixtures.setCookie(fresh)])
        let store = FixtureStore(entries: FixtureStore.entries(of: HARFile(log: HARLog(fixture: nil, entries: [recorded])), named: "c.har"))
        let body = recorded.request.postData!.text
        func request(_ cookie: String) -> ReplayRequest {
            ReplayRequest(method: "POST", url: recorded.request.url, headers: [(name: "cookie", value: cookie)], body: body)
        }
        #expect(store.candidates(for: request("cf_clearance=x; arena-auth-prod-v1=stale-value")) == [0])
        #expect(store.candidates(for: request("arena-auth-prod-v1=stale-value-and-more")).isEmpty, "a value that only contains it does not match")
        #expect(store.candidates(for: request("arena-auth-prod-v1.0=stale-value")).isEmpty)
    }

    @Test func promptContainsAnswersAnyPromptWithItsTexts() throws {
        var entry = try SessionFixtures.answer(prompt: "example", cookie: nil)
        entry.match = FixtureMatch(promptContains: ["get_weather", "Paris"], promptLacks: ["</tool_result>"])
        let store = FixtureStore(entries: FixtureStore.entries(of: HARFile(log: HARLog(fixture: nil, entries: [entry])), named: "w.har"))
        func request(_ prompt: String) throws -> ReplayRequest {
            let body = try SessionFixtures.answer(prompt: prompt, cookie: nil).request.postData!.text
            return ReplayRequest(method: "POST", url: entry.request.url, headers: [], body: body)
        }
        #expect(store.candidates(for: try request("tools: get_weather ... weather in Paris?")) == [0])
        #expect(store.candidates(for: try request("tools: get_weather ... weather in Rome?")).isEmpty)
        #expect(store.candidates(for: try request("get_weather Paris <tool_result>21</tool_result>")).isEmpty)
        let other = ReplayRequest(
            method: "POST", url: entry.request.url, headers: [],
            body: try request("get_weather Paris").body.replacingOccurrences(of: "\"chat\"", with: "\"image\""))
        #expect(store.candidates(for: other).isEmpty, "the rest of the key still counts")
    }

    @Test func missReportNamesTheClosestEntryAndField() throws {
        let replayer = try FixtureCorpus.replayer()
        let request = ReplayRequest(
            method: "POST", url: "/nextjs-api/stream/create-evaluation", headers: [],
            body: Self.v2Body(model: "14e9311c-94d2-40c2-8c54-273947e208b0", text: "Say hello", modality: "image"))
        guard case .miss(let miss) = replayer.resolve(request) else {
            Issue.record("a request with the wrong modality must miss")
            return
        }
        #expect(miss.closest?.entry.name == "chat/short.har#0")
        #expect(miss.closest?.field == "modality")
        #expect(miss.message.contains("expected \"chat\", got \"image\""))
        let body = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: miss.body).utf8)) as? [String: Any])
        #expect(body["closest"] as? String == "chat/short.har#0")
        #expect(body["field"] as? String == "modality")
    }

    @Test func everyFixtureLoadsWithChunksJoiningToItsContent() throws {
        for url in try FixtureFile.list(in: FixtureCorpus.directory) {
            let file = try FixtureFile.read(url)
            #expect(file.log.version == "1.2")
            #expect(["synthesized", "capture-shaped"].contains(file.log.fixture?.source ?? ""), "every bundled fixture comes from the generator")
            for entry in file.log.entries {
                let joined = (entry.response.chunks ?? []).flatMap(\.bytes)
                #expect(joined == entry.response.content.bytes, "\(url.lastPathComponent)")
                if entry.request.method == "POST" {
                    #expect(entry.request.header("cookie") == "REDACTED", "every lmarena request carries a redacted cookie")
                }
            }
        }
    }
}

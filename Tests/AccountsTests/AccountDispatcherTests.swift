import ArenaWire
import Logging
import Testing

@testable import Accounts

/// The dispatcher over real tasks: a turn is given, held and handed on; a client that leaves
/// leaves the queue; a wait too long is refused.
struct AccountDispatcherTests {
    static func dispatcher(interval: Duration = .zero, timeout: Duration = .seconds(30)) -> AccountDispatcher {
        let pool = SessionPool(
            sessions: [ArenaSession(entry: "dispatcher-one", number: 1)!], defaultCooldown: .seconds(60), logger: Logger(label: "test"))
        let rules = PaceRules(
            concurrency: 1, minInterval: interval, maxInterval: .seconds(60), window: nil, penaltyRest: .seconds(60), queueTimeout: timeout)
        return AccountDispatcher(rules: rules, pool: pool, logger: Logger(label: "test"))
    }

    @Test func aTurnIsHeldUntilItEndsThenHandedToTheNext() async throws {
        let dispatcher = Self.dispatcher()
        let first = try await dispatcher.turn(client: "a")
        #expect(first.number == 1)
        let second = Task { try await dispatcher.turn(client: "b") }
        while dispatcher.snapshot().waiting < 1 { await Task.yield() }
        first.succeeded()
        let handed = try await second.value
        #expect(handed.number == 1)
        #expect(dispatcher.snapshot().paces[1]?.inFlight == 1)
        handed.failed()
        #expect(dispatcher.snapshot().paces[1]?.inFlight == 0)
    }

    @Test func aClientThatLeavesLeavesTheQueue() async throws {
        let dispatcher = Self.dispatcher()
        let held = try await dispatcher.turn(client: "a")
        let waiting = Task { try await dispatcher.turn(client: "b") }
        while dispatcher.snapshot().waiting < 1 { await Task.yield() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(dispatcher.snapshot().waiting == 0)
        held.succeeded()
    }

    @Test func aTurnDroppedWithoutAnEndingFreesTheAccount() async throws {
        let dispatcher = Self.dispatcher()
        do { _ = try await dispatcher.turn(client: "a") }
        #expect(dispatcher.snapshot().paces[1]?.inFlight == 0)
    }

    @Test func aWaitLongerThanTheQueueTimeoutIsRefused() async throws {
        let dispatcher = Self.dispatcher(interval: .seconds(30), timeout: .seconds(5))
        let first = try await dispatcher.turn(client: "a")
        first.succeeded()
        await #expect(throws: PaceRefusal.self) { try await dispatcher.turn(client: "a") }
        #expect(dispatcher.snapshot().waiting == 0)
    }
}

import Testing

@testable import GatewayCore

/// Guards against a defect found by an attack run: request bodies held at once are bounded; a request waits for room.
struct RequestBytesBudgetTests {
    @Test func reservationsWaitForRoomAndGiveUpAfterTheWait() async throws {
        let budget = RequestBytesBudget(capacity: 1000, wait: .milliseconds(200))
        let first = try #require(await budget.reserve(600))
        #expect(budget.inUse == 600)
        #expect(await budget.reserve(600) == nil, "no room within the wait")
        let second = try #require(await budget.reserve(400), "what fits is granted at once")
        first.release()
        second.release()
        #expect(budget.inUse == 0)
    }

    @Test func aWaitingReservationIsGrantedOnceRoomIsMade() async throws {
        let budget = RequestBytesBudget(capacity: 1000, wait: .seconds(5))
        let held = try #require(await budget.reserve(900))
        let waiting = Task { await budget.reserve(500) }
        try await Task.sleep(for: .milliseconds(100))
        held.release()
        let granted = await waiting.value
        #expect(granted != nil)
        #expect(budget.inUse == 500)
        granted?.release()
    }

    @Test func aBodyLargerThanTheCapacityTakesAllOfIt() async throws {
        let budget = RequestBytesBudget(capacity: 1000, wait: .milliseconds(100))
        let whole = try #require(await budget.reserve(5000))
        #expect(budget.inUse == 1000)
        #expect(await budget.reserve(1) == nil)
        whole.release()
        #expect(budget.inUse == 0)
    }
}

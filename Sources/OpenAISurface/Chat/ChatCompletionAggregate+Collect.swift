import ArenaWire

extension ChatCompletionAggregate {
    /// Reads the rest of `answer` into an aggregate: the collecting consumer of ``ArenaAnswer``.
    /// Any failure, even after content, throws: nothing has reached the client yet.
    package static func collect(_ answer: ArenaAnswer) async throws(UpstreamFailure) -> ChatCompletionAggregate {
        var aggregate = ChatCompletionAggregate()
        for event in answer.leading { aggregate.add(event) }
        aggregate.add(answer.first)
        while let event = try await answer.next() {
            aggregate.add(event)
        }
        return aggregate
    }
}

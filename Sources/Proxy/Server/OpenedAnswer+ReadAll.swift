extension OpenedAnswer {
    /// Reads the rest of the answer into an aggregate, up to its finish line. Any failure, even
    /// after content, throws the ``OpenAIError`` for it: nothing has reached the client yet.
    public func readAll() async throws -> ChatCompletionAggregate {
        var aggregate = ChatCompletionAggregate()
        aggregate.add(first)
        do {
            reading: while let event = try await reader.next() {
                switch event {
                case .error(let message): throw UpstreamFailure.arenaError(message)
                case .finish:
                    aggregate.add(event)
                    break reading
                case .text, .reasoning, .images: aggregate.add(event)
                }
            }
        } catch let failure as UpstreamFailure {
            throw failure.openAIError
        } catch {
            let failure = ArenaGateway.streamFailure(error)
            throw (failure as? UpstreamFailure)?.openAIError ?? failure
        }
        return aggregate
    }
}

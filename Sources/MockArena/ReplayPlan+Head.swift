import HTTPTypes

extension ReplayPlan {
    /// The status line and headers a replay answers with. A replay watches for the client
    /// leaving, which takes over the connection and closes it after the response, so the head
    /// says `Connection: close`; a recorded header whose name HTTP does not allow is left out.
    public var responseHead: (status: HTTPResponse.Status, headers: HTTPFields) {
        var headers: HTTPFields = [.connection: "close"]
        for header in self.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        return (HTTPResponse.Status(code: status, reasonPhrase: statusText), headers)
    }
}

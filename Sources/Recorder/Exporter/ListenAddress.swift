/// Where `record --listen` serves its metrics: `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` for every
/// interface. Port 0 lets the system choose one (memhist prints it).
public struct ListenAddress: Sendable, Equatable {
    /// The address to bind, without brackets.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The address as given.
    public var text: String

    /// An address that could not be bound.
    public struct Failure: Error, CustomStringConvertible {
        /// The address as given.
        public var address: String
        /// What the system said.
        public var reason: String

        public var description: String { "cannot listen on \(address): \(reason)" }
    }

    /// Parses `text`; nil when it is not `HOST:PORT` with a port from 0 to 65535.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), let port = Int(portText), (0...65535).contains(port)
        else { return nil }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil  // an IPv6 address needs its brackets: [::1]:9464
        }
        guard !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
        self.text = text
    }
}

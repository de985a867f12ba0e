import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP endpoint of `record --listen`: `GET /metrics` answers with the live exposition, in
/// OpenMetrics when the scraper asks for it and in the text format otherwise. One event-loop
/// thread serves every connection; a scrape renders the exposition and touches nothing else.
public final class MetricsServer: Sendable {
    /// Where it listens, as bound (the port the system chose for port 0).
    public let boundAddress: String
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Starts listening on `address` (``ListenAddress``).
    ///
    /// - Throws: ``ListenAddress/Failure`` when the address cannot be bound (in use, not local).
    public init(address: ListenAddress, exposition: LiveExposition) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        IdleStateHandler(readTimeout: .seconds(Self.idleTimeoutSeconds)))
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestHandler(exposition: exposition))
                }
            }
        do {
            channel = try bootstrap.bind(host: address.host, port: address.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw ListenAddress.Failure(address: address.text, reason: "\(error)")
        }
        self.group = group
        let port = channel.localAddress?.port ?? address.port
        boundAddress = address.host.contains(":") ? "[\(address.host)]:\(port)" : "\(address.host):\(port)"
    }

    /// A connection idle this long is closed, so idle clients cannot pile up.
    static let idleTimeoutSeconds: Int64 = 60

    /// Stops listening and closes every connection.
    public func close() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Answers one connection's requests.
private final class MetricsRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exposition: LiveExposition
    private var head: HTTPRequestHead?

    init(exposition: LiveExposition) {
        self.exposition = exposition
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break  // a body is read and ignored
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var headers = HTTPHeaders()
        let status: HTTPResponseStatus
        let body: String
        if head.method != .GET && head.method != .HEAD {
            status = .methodNotAllowed
            headers.add(name: "Allow", value: "GET, HEAD")
            body = "memhist serves GET /metrics\n"
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        } else if path == "/metrics" {
            let format = PrometheusExposition.Format.negotiated(accept: head.headers["Accept"].first)
            status = .ok
            body = exposition.scrape(format)
            headers.add(name: "Content-Type", value: format.contentType)
        } else if path == "/" {
            status = .ok
            body = "memhist: the recording's metrics are at /metrics\n"
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        } else {
            status = .notFound
            body = "not found: memhist serves /metrics\n"
            headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        }
        let buffer = context.channel.allocator.buffer(string: body)
        headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        if !keepAlive {
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

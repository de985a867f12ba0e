import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 9: the recorder's CPU per process-sample with `--listen` (scraped every second, the live
/// analysis on) against the same recording without it, in one invocation.
enum ListenBench {
    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        var targets: [Child] = []
        defer { for target in targets { target.terminate() } }
        for _ in 0..<20 { targets.append(try Helpers.idle()) }
        let pids = targets.map(\.pid)
        try RecorderCPUBench.waitUntilExecuted(pids, program: "/cat")
        // A short and a long run of each: the difference is the marginal cost of recording, without
        // the one-offs (start-up, the listener's thread, the analysis's connection).
        let (short, long) = config.quick ? (5, 25) : (15, 75)
        say(
            "\n### item 9: \(pids.count) idle /bin/cat processes at 250 ms, default regions, \(short) s and \(long) s, "
                + "with and without --listen (a scrape every second over a kept-alive connection, as Prometheus does)")
        func recording(_ seconds: Int, listen: Bool) throws -> (RecorderCPUBench.Recording, String) {
            let limit = ["--interval", "250ms", "--duration", "\(seconds)s"]
            guard listen else {
                return (try RecorderCPUBench.record(memhist, pids: pids, limit: limit, extra: []), "")
            }
            let port = try freePort()
            let scraper = Scraper(port: port)
            scraper.start()
            let recorded = try RecorderCPUBench.record(
                memhist, pids: pids, limit: limit, extra: ["--listen", "127.0.0.1:\(port)"])
            let last = scraper.stop()
            let passes =
                last.split(separator: "\n").first { $0.hasPrefix("memhist_analyses_total ") }?
                .split(separator: " ").last ?? "0"
            return (recorded, "\(passes) analyses, \(scraper.scrapes) scrapes")
        }
        let (withoutShort, _) = try recording(short, listen: false)
        let (withShort, _) = try recording(short, listen: true)
        let (withoutLong, _) = try recording(long, listen: false)
        let (withLong, passes) = try recording(long, listen: true)
        func show(_ name: String, _ runs: [RecorderCPUBench.Recording]) {
            say(
                "  \(name): "
                    + runs.map { "\(Format.ns($0.cpuNs)) CPU / \($0.samples) samples" }.joined(separator: "; "))
        }
        show("without --listen (\(short) s; \(long) s)", [withoutShort, withoutLong])
        show("with --listen (\(short) s; \(long) s)", [withShort, withLong])
        say("  with --listen, \(long) s: \(passes)")
        func marginal(_ short: RecorderCPUBench.Recording, _ long: RecorderCPUBench.Recording) -> Double {
            (long.cpuNs - short.cpuNs) / Double(max(1, long.samples - short.samples))
        }
        let with = marginal(withShort, withLong)
        let without = marginal(withoutShort, withoutLong)
        table.add(
            item: 9, what: "CPU per process-sample with --listen, 20 procs @250ms, marginal (\(long) s − \(short) s)",
            memhist: with, floor: without, format: Format.ns, goal: Goal.ratio(with / without, atMost: 1.1))
        table.add(
            item: 9, what: "  same, the whole \(long) s run (start-up included)", memhist: withLong.perSample,
            floor: withoutLong.perSample, format: Format.ns, goal: "(info)")
    }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw BenchError("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Fetches `/metrics` from 127.0.0.1:port once a second on its own thread, as Prometheus does: over
/// one kept-alive connection, reconnecting when it closes.
final class Scraper: @unchecked Sendable {
    private let port: Int
    private let lock = NSLock()
    private var stopped = false
    private var last = ""
    private(set) var scrapes = 0
    private let done = DispatchSemaphore(value: 0)
    private var socketFD: Int32 = -1
    private var pending: [UInt8] = []

    init(port: Int) {
        self.port = port
    }

    func start() {
        Thread.detachNewThread { [self] in
            while !lock.withLock({ stopped }) {
                if let body = fetch() {
                    lock.withLock {
                        last = body
                        scrapes += 1
                    }
                } else {
                    disconnect()
                }
                usleep(1_000_000)
            }
            disconnect()
            done.signal()
        }
    }

    /// Stops scraping and returns the last exposition fetched.
    func stop() -> String {
        lock.withLock { stopped = true }
        done.wait()
        return lock.withLock { last }
    }

    private func disconnect() {
        if socketFD >= 0 { close(socketFD) }
        socketFD = -1
        pending = []
    }

    private func connectIfNeeded() -> Bool {
        if socketFD >= 0 { return true }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return false
        }
        socketFD = fd
        return true
    }

    /// One request and its response, read by its Content-Length; nil when the connection failed.
    private func fetch() -> String? {
        guard connectIfNeeded() else { return nil }
        let request = Array(
            "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/openmetrics-text;version=1.0.0\r\n\r\n"
                .utf8)
        guard request.withUnsafeBytes({ send(socketFD, $0.baseAddress, $0.count, 0) }) == request.count else {
            return nil
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        var length: Int?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if headerEnd == nil, let end = find(separator, in: pending) {
                headerEnd = end + separator.count
                let head = String(decoding: pending[..<end], as: UTF8.self).lowercased()
                guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                    let value = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
                else { return nil }
                length = value
            }
            if let headerEnd, let length, pending.count >= headerEnd + length {
                let body = String(decoding: pending[headerEnd..<(headerEnd + length)], as: UTF8.self)
                pending.removeFirst(headerEnd + length)
                return body
            }
            let count = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            pending += buffer[..<count]
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The helper processes the benchmark measures, run as this same executable with a hidden
/// first argument. Every helper prints one `ready …` line when it is set up and exits when its
/// stdin reaches end of file (that is, when the benchmark closes it or dies).
enum HelperMode {
    /// Runs the helper named by `arguments` (argv without argv[0]) and never returns; returns
    /// normally when the arguments name no helper.
    static func runIfRequested(_ arguments: [String]) {
        guard arguments.count >= 2 else { return }
        switch arguments[0] {
        case "--mappings-helper":
            mappings(Int(arguments[1]) ?? 100)
        case "--large-helper":
            large(gib: Double(arguments[1]) ?? 1)
        default:
            return
        }
    }

    /// Lines in `/proc/self/maps`: the number of mappings.
    static func mapCount(pid: String = "self") -> Int {
        var count = 0
        for byte in Files.text("/proc/\(pid)/maps").utf8 where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }

    /// Maps anonymous pages, one per mapping, until the process has about `total` mappings:
    /// one region of pages whose protections alternate (read / read-write) so that the kernel
    /// keeps every page its own mapping; each page is written first, so each is resident.
    private static func mappings(_ total: Int) -> Never {
        let extra = max(0, total - mapCount())
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        if extra > 0 {
            guard let base = mmap(nil, extra * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                base != MAP_FAILED
            else {
                writeError("mappings helper: mmap failed: \(String(cString: strerror(errno)))\n")
                exit(1)
            }
            for index in 0..<extra { base.storeBytes(of: UInt8(1), toByteOffset: index * page, as: UInt8.self) }
            for index in stride(from: 1, to: extra, by: 2) { mprotect(base + index * page, page, PROT_READ) }
        }
        print("ready \(mapCount())")
        fflush(nil)
        waitForEndOfInput()
        exit(0)
    }

    /// Blocks until stdin reaches end of file.
    private static func waitForEndOfInput() {
        var byte: UInt8 = 0
        while true {
            let count = read(0, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
        }
    }

    /// Holds `gib` GiB of written anonymous memory, then answers `window SECONDS` lines: for
    /// that long it maps 64 KiB, writes each of its pages and unmaps it, again and again, timing
    /// each iteration, and prints
    /// `result ITERATIONS WORST_NS P99_NS P999_NS BLOCKED_NS BLOCKED_COUNT TOTAL_NS SLEPT_NS
    /// PREEMPTED_NS`, where blocked is the sum of iterations that took over 1 ms (slept and
    /// preempted: the parts of it with a voluntary / involuntary context switch), then
    /// `stalls MS:US[spr] …`: when (ms into the window), how long (µs) and which kind each of
    /// the first 200 such iterations was.
    private static func large(gib: Double) -> Never {
        let length = Int(gib * Double(1 << 30))
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            base != MAP_FAILED
        else {
            writeError("large helper: cannot map \(length) bytes: \(String(cString: strerror(errno)))\n")
            exit(1)
        }
        memset(base, 0x5a, length)
        print("ready \(length)")
        fflush(nil)
        var latencies = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: 1)
        while let line = readLine() {
            let words = line.split(separator: " ")
            guard words.count == 2, words[0] == "window", let seconds = Double(words[1]) else { continue }
            let capacity = Int(seconds * 3_000_000)
            if latencies.count < capacity {
                latencies.deallocate()
                latencies = .allocate(capacity: capacity)
            }
            latencies.initialize(repeating: 0)  // fault the array in before timing
            print(window(seconds: seconds, latencies: latencies))
            fflush(nil)
        }
        exit(0)
    }

    /// One timed window of mmap + write + munmap iterations; the result line.
    ///
    /// Each iteration over 1 ms is classified by this thread's context switches during it
    /// (getrusage(RUSAGE_THREAD) after every iteration): `preempted` when an involuntary switch
    /// happened (another runnable task took the CPU), else `slept` when a voluntary one did
    /// (it waited, e.g. for the mmap lock), else `ran` (it was busy in the kernel throughout).
    private static func window(seconds: Double, latencies: UnsafeMutableBufferPointer<UInt32>) -> String {
        let chunk = 64 * 1024
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let blockedThreshold: UInt64 = 1_000_000
        let thread: Int32 = 1  // RUSAGE_THREAD
        var iterations = 0
        var worst: UInt64 = 0
        var blocked: UInt64 = 0
        var blockedCount = 0
        var slept: UInt64 = 0
        var preempted: UInt64 = 0
        var total: UInt64 = 0
        var stalls: [String] = []
        var usage = rusage()
        getrusage(thread, &usage)
        var voluntary = usage.ru_nvcsw
        var involuntary = usage.ru_nivcsw
        let start = Clock.nowNs()
        let end = start + UInt64(seconds * 1e9)
        var before = start
        while before < end {
            guard let pointer = mmap(nil, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                pointer != MAP_FAILED
            else { break }
            for offset in stride(from: 0, to: chunk, by: page) {
                pointer.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: offset, as: UInt8.self)
            }
            munmap(pointer, chunk)
            let after = Clock.nowNs()
            let latency = after - before
            getrusage(thread, &usage)
            if iterations < latencies.count { latencies[iterations] = UInt32(min(latency, UInt64(UInt32.max))) }
            iterations += 1
            total += latency
            worst = max(worst, latency)
            if latency > blockedThreshold {
                blocked += latency
                blockedCount += 1
                let kind: String
                if usage.ru_nivcsw != involuntary {
                    preempted += latency
                    kind = "p"
                } else if usage.ru_nvcsw != voluntary {
                    slept += latency
                    kind = "s"
                } else {
                    kind = "r"
                }
                if stalls.count < 200 { stalls.append("\((before - start) / 1_000_000):\(latency / 1_000)\(kind)") }
            }
            voluntary = usage.ru_nvcsw
            involuntary = usage.ru_nivcsw
            before = Clock.nowNs()
        }
        let stored = Array(latencies[0..<min(iterations, latencies.count)]).sorted()
        let p99 = Stats.quantile(sorted: stored, 0.99)
        let p999 = Stats.quantile(sorted: stored, 0.999)
        return "result \(iterations) \(worst) \(p99) \(p999) \(blocked) \(blockedCount) \(total) "
            + "\(slept) \(preempted)\n"
            + "stalls " + stalls.joined(separator: " ")
    }
}

/// Starting the helpers from the benchmark.
enum Helpers {
    /// A helper process with about `total` mappings; returns it and its actual map count.
    static func mappings(_ total: Int) throws -> (child: Child, mapCount: Int) {
        let child = try Child(Binaries.selfPath, ["--mappings-helper", String(total)], stdin: .pipe, stdout: .pipe)
        let line = try child.readLine(timeoutMs: 60_000)
        guard line.hasPrefix("ready "), let count = Int(line.dropFirst(6)) else {
            throw BenchError("mappings helper said '\(line)'")
        }
        return (child, count)
    }

    /// An idle process with few mappings: `/bin/cat` reading a pipe, which exits at end of file.
    static func idle() throws -> Child {
        try Child("/bin/cat", [], stdin: .pipe, stdout: .null)
    }
}

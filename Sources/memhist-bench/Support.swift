import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The two clocks of the benchmark: `CLOCK_MONOTONIC` for wall time, `getrusage` for CPU.
enum Clock {
    /// Monotonic time in nanoseconds.
    static func nowNs() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// User + system CPU time of this process so far, in nanoseconds.
    static func selfCPUNs() -> UInt64 {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return cpuNs(usage)
    }

    /// User + system CPU time in a `rusage`, in nanoseconds.
    static func cpuNs(_ usage: rusage) -> UInt64 {
        func ns(_ time: timeval) -> UInt64 { UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_usec) * 1000 }
        return ns(usage.ru_utime) + ns(usage.ru_stime)
    }
}

/// Order statistics over repeated measurements.
enum Stats {
    /// The median (the mean of the middle two for an even count); 0 for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The `fraction` quantile of already sorted values (nearest rank).
    static func quantile<T: BinaryInteger>(sorted: [T], _ fraction: Double) -> T {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((Double(sorted.count) * fraction).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// Smallest and largest, for showing the spread of runs.
    static func spread(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "-" }
        return "\(Format.ns(low))…\(Format.ns(high))"
    }
}

/// Human-readable numbers.
enum Format {
    /// A duration given in nanoseconds: `812 ns`, `12.3 µs`, `4.56 ms`, `1.23 s`.
    static func ns(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude < 1_000 { return String(format: "%.0f ns", value) }
        if magnitude < 1_000_000 { return String(format: "%.1f µs", value / 1_000) }
        if magnitude < 1_000_000_000 { return String(format: "%.2f ms", value / 1_000_000) }
        return String(format: "%.2f s", value / 1_000_000_000)
    }

    /// A byte count: `512 B`, `12.0 KiB`, `3.40 MiB`, `2.00 GiB`.
    static func bytes(_ value: Double) -> String {
        if value < 1024 { return String(format: "%.0f B", value) }
        if value < 1024 * 1024 { return String(format: "%.1f KiB", value / 1024) }
        if value < 1024 * 1024 * 1024 { return String(format: "%.2f MiB", value / 1024 / 1024) }
        return String(format: "%.2f GiB", value / 1024 / 1024 / 1024)
    }

    /// A ratio: `1.23×`.
    static func ratio(_ value: Double) -> String {
        guard value.isFinite else { return "∞" }
        return String(format: value >= 100 ? "%.0f×" : "%.2f×", value)
    }

    /// A number with its sign, always: `+1.25`, `-0.40`.
    static func signed(_ value: Double, _ digits: Int = 2) -> String {
        String(format: "%+.\(digits)f", value)
    }

    /// A plain number with `digits` decimals.
    static func number(_ value: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// A count with thousands separators: `86,400`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}

/// Runs alternatives in turn, several times, and reports the time per call of each run.
///
/// Every alternative gets the same number of runs, interleaved (A B C, B C A, …) so that a
/// noisy neighbour slows all of them alike; each run repeats its alternative enough times
/// to last about `targetNs`. The median of the runs is the figure to print.
enum Timing {
    /// Per-call wall time in nanoseconds of each alternative, one value per run.
    static func interleaved(
        runs: Int, targetNs: Double, warmups: Int = 3, _ bodies: [() throws -> Void]
    ) throws -> [[Double]] {
        // Warm up and estimate: the fastest of the warm-up calls.
        var iterations: [Int] = []
        for body in bodies {
            var best = Double.infinity
            for _ in 0..<max(1, warmups) {
                let start = Clock.nowNs()
                try body()
                best = min(best, Double(Clock.nowNs() - start))
            }
            iterations.append(max(1, Int(targetNs / max(best, 1))))
        }
        var results = [[Double]](repeating: [], count: bodies.count)
        for run in 0..<runs {
            for step in 0..<bodies.count {
                let index = (run + step) % bodies.count
                let count = iterations[index]
                let start = Clock.nowNs()
                for _ in 0..<count { try bodies[index]() }
                results[index].append(Double(Clock.nowNs() - start) / Double(count))
            }
        }
        return results
    }
}

/// A failure of the benchmark itself (not of memhist).
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String

    /// Creates an error with a message.
    init(_ description: String) {
        self.description = description
    }
}

/// Small file-system helpers: a private temporary directory, whole-file reads, file sizes.
enum Files {
    /// The benchmark's temporary directory, removed at exit.
    nonisolated(unsafe) private static var root: String?

    /// The temporary directory, created on first use.
    static func tempRoot() throws -> String {
        if let root { return root }
        var template = Array("/tmp/memhist-bench.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw BenchError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        root = path
        signalSafeRoot = strdup(path)
        return path
    }

    /// A fresh path inside the temporary directory: `name` with a counter.
    static func tempPath(_ name: String) throws -> String {
        counter += 1
        let path = "\(try tempRoot())/\(counter)-\(name)"
        for suffix in ["", "-wal", "-shm", "-journal"] where signalSafeCount < signalSafeCapacity {
            signalSafePaths[signalSafeCount] = strdup(path + suffix)
            signalSafeCount += 1
        }
        return path
    }

    /// Every temporary path handed out (with its SQLite side files) and the directory, as C
    /// strings made in advance, so that a signal handler can remove them with `unlink` and
    /// `rmdir` alone (both async-signal-safe).
    private static let signalSafeCapacity = 16_384
    nonisolated(unsafe) private static let signalSafePaths =
        UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: signalSafeCapacity)
    nonisolated(unsafe) private static var signalSafeCount = 0
    nonisolated(unsafe) private static var signalSafeRoot: UnsafeMutablePointer<CChar>?

    /// Removes the temporary files and directory from a signal handler (async-signal-safe).
    static func removeTempRootFromSignalHandler() {
        for index in 0..<signalSafeCount {
            if let path = signalSafePaths[index] { unlink(path) }
        }
        if let signalSafeRoot { rmdir(signalSafeRoot) }
    }

    nonisolated(unsafe) private static var counter = 0

    /// Removes the temporary directory and everything in it.
    static func removeTempRoot() {
        guard let root else { return }
        try? FileManager.default.removeItem(atPath: root)
        Self.root = nil
    }

    /// Removes a database with its `-wal` and `-shm` files.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    /// The size of a file in bytes; 0 when it does not exist.
    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// The whole text of a file; empty when it cannot be read. Reads until end of file, since
    /// /proc files report a size of 0 (Foundation's readers stop short on them).
    static func text(_ path: String) -> String {
        let reader = RawReader()
        let count = reader.read(path)
        return count > 0 ? String(decoding: reader.bytes(count: count), as: UTF8.self) : ""
    }

    /// Writes `bytes` to a new file at `path`.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }
}

/// Reads whole files into one reused buffer with nothing but `open`/`read`/`close`: the
/// floor every /proc capture is compared with.
final class RawReader {
    private var buffer: UnsafeMutableRawBufferPointer

    /// Creates a reader with a buffer of `capacity` bytes (grown as needed).
    init(capacity: Int = 64 * 1024) {
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads the file at `path` and returns its length; -1 when it cannot be opened.
    @discardableResult
    func read(_ path: String) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        var used = 0
        while true {
            if used == buffer.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                buffer.deallocate()
                buffer = larger
            }
            let count = Glibc.read(fd, buffer.baseAddress! + used, buffer.count - used)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            used += count
        }
        return used
    }

    /// The first `count` bytes of the buffer, as the last read left them.
    func bytes(count: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

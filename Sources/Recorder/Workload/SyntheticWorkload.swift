import CMemfd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A process that uses memory in a known pattern, to try memhist on and to test it with:
/// a leak, a plateau, a sawtooth, a leak in one memfd mapping, a steady or shrinking process.
///
/// Memory is taken with `mmap` and every page is written, so it is resident, private and
/// dirty; it is given back with `munmap`, so the kernel's numbers fall at once (malloc may
/// keep freed memory).
public struct SyntheticWorkload {
    /// The pattern.
    public enum Pattern: String, Sendable, CaseIterable {
        /// Grows by `rate` bytes per second, never frees.
        case leak
        /// Grows by `rate` for the first 40% of the duration, then holds.
        case plateau
        /// Grows by `rate` up to `size`, frees it all, and again (a garbage collector).
        case sawtooth
        /// Grows by `rate` inside one memfd mapping (`/memfd:memhist-workload (deleted)`).
        case memfd
        /// Takes `size` at once and holds it.
        case steady
        /// Takes `size` at once and frees it at `rate`.
        case shrink
        /// Holds `mappingCount` separate one-page mappings (alternating protections, so the
        /// kernel cannot merge them).
        case mappings
    }

    /// The pattern to run.
    public var pattern: Pattern
    /// Bytes per second for growth or release.
    public var rate: Int
    /// The size for steady, shrink and the sawtooth's peak.
    public var size: Int
    /// How long to run, in milliseconds.
    public var durationMs: Int64
    /// Time between steps, in milliseconds.
    public var stepMs: Int64 = 100
    /// Mappings for the `mappings` pattern.
    public var mappingCount = 1000
    /// One-page mappings any pattern holds besides its own memory, which make smaps costly to read (0: none).
    public var extraMappingCount = 0
    /// Whether the memory taken is split into one-page mappings (every other page made read-only after it is
    /// written), so that reading smaps costs more as the process grows.
    public var splitsPages = false
    /// The share of the duration `plateau` grows for, e.g. 0.4; it holds its memory after.
    public var riseFraction = 0.4
    /// The name of the memfd (`memfd`), as `/proc/PID/maps` shows it after `/memfd:`.
    public var memfdName = "memhist-workload"

    /// Creates a workload.
    public init(pattern: Pattern, rate: Int, size: Int, durationMs: Int64) {
        self.pattern = pattern
        self.rate = rate
        self.size = size
        self.durationMs = durationMs
    }

    /// Runs the pattern for the duration, then returns (freeing everything on exit).
    /// - Throws: ``CaptureError/systemError(path:errno:)`` when memory cannot be mapped.
    public func run() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let perStep = max(page, Int((Int64(rate) * stepMs / 1000)) / page * page)
        var chunks: [(UnsafeMutableRawPointer, Int)] = []
        var memfd: (pointer: UnsafeMutableRawPointer, capacity: Int, used: Int)?
        defer { for (pointer, length) in chunks { munmap(pointer, length) } }

        func take(_ length: Int) throws {
            guard length > 0 else { return }
            guard let pointer = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                pointer != MAP_FAILED
            else { throw CaptureError.systemError(path: "mmap", errno: errno) }
            memset(pointer, 0x5a, length)
            if splitsPages {
                // Neighbouring pages with different protections cannot be merged: one mapping per page.
                for offset in stride(from: page, to: length, by: 2 * page) {
                    mprotect(pointer + offset, page, PROT_READ)
                }
            }
            chunks.append((pointer, length))
        }
        func release(_ length: Int) {
            var left = length
            while left > 0, let (pointer, chunkLength) = chunks.popLast() {
                munmap(pointer, chunkLength)
                left -= chunkLength
            }
        }

        switch pattern {
        case .steady, .shrink:
            // In step-sized chunks, so shrinking can give them back one by one.
            var left = size
            while left > 0 {
                try take(min(perStep, left))
                left -= perStep
            }
        case .mappings:
            try holdMappings(mappingCount, page: page)
        case .memfd:
            let capacity = Int(Int64(rate) * durationMs / 1000) + 16 * perStep
            let fd = memhist_memfd_create(memfdName)
            guard fd >= 0, ftruncate(fd, off_t(capacity)) == 0,
                let pointer = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), pointer != MAP_FAILED
            else { throw CaptureError.systemError(path: "memfd", errno: errno) }
            close(fd)
            memfd = (pointer, capacity, 0)
        default:
            break
        }
        if extraMappingCount > 0 { try holdMappings(extraMappingCount, page: page) }
        let start = SystemFacts.monotonicNs()
        var step: Int64 = 0
        var sawtoothUsed = 0
        while true {
            let elapsedMs = Int64((SystemFacts.monotonicNs() - start) / 1_000_000)
            if elapsedMs >= durationMs { break }
            switch pattern {
            case .leak:
                try take(perStep)
            case .plateau:
                if Double(elapsedMs) < Double(durationMs) * riseFraction { try take(perStep) }
            case .sawtooth:
                if sawtoothUsed + perStep > size {
                    release(sawtoothUsed)
                    sawtoothUsed = 0
                } else {
                    try take(perStep)
                    sawtoothUsed += perStep
                }
            case .memfd:
                if var region = memfd, region.used + perStep <= region.capacity {
                    memset(region.pointer + region.used, 0x5a, perStep)
                    region.used += perStep
                    memfd = region
                }
            case .steady, .mappings:
                break
            case .shrink:
                release(perStep)
            }
            step += 1
            let next = start + UInt64(step * stepMs) * 1_000_000
            let now = SystemFacts.monotonicNs()
            if next > now { usleep(useconds_t((next - now) / 1000)) }
        }
        if let region = memfd { munmap(region.pointer, region.capacity) }
    }

    /// Maps `count` pages as separate mappings, held until the process exits: one reservation, then every other
    /// page made writable and touched, so the kernel cannot merge neighbours.
    private func holdMappings(_ count: Int, page: Int) throws {
        let length = count * page
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), base != MAP_FAILED else {
            throw CaptureError.systemError(path: "mmap", errno: errno)
        }
        for index in stride(from: 0, to: count, by: 2) {
            mprotect(base + index * page, page, PROT_READ | PROT_WRITE)
            (base + index * page).storeBytes(of: 1, as: UInt8.self)
        }
    }
}

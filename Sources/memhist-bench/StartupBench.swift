import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Item 10: start-up as a user meets it: `memhist --version` and `memhist snapshot` of a process
/// with about 1,000 mappings, each a whole process from spawn to exit, against the floors of
/// spawning `/bin/true` and of reading the target's smaps and smaps_rollup once in this process.
enum StartupBench {
    static func run(config: BenchConfig, table: ResultTable) throws {
        let memhist = try Binaries.memhist()
        let runs = config.quick ? 20 : 60
        let (target, mapCount) = try Helpers.mappings(1_000)
        defer { target.terminate() }
        say("\n### item 10: start-up, medians of \(runs) runs; snapshot of a process with \(mapCount) mappings")

        let version = Stats.median((0..<runs).map { _ in wallOfRun(memhist, ["--version"]) })
        let spawnFloor = Stats.median((0..<runs).map { _ in wallOfRun("/bin/true", []) })
        let snapshot = Stats.median((0..<runs).map { _ in wallOfRun(memhist, ["snapshot", String(target.pid)]) })
        let raw = RawReader()
        let readFloor = Stats.median(
            (0..<runs).map { _ in
                let start = Clock.nowNs()
                raw.read("/proc/\(target.pid)/smaps")
                raw.read("/proc/\(target.pid)/smaps_rollup")
                return Double(Clock.nowNs() - start)
            })
        say("  memhist --version \(Format.ns(version)); /bin/true \(Format.ns(spawnFloor))")
        say("  memhist snapshot \(Format.ns(snapshot)); smaps + smaps_rollup read once \(Format.ns(readFloor))")
        table.add(
            item: 10, what: "`memhist --version`, spawn to exit", memhist: version, floor: spawnFloor,
            format: Format.ns, goal: Goal.absolute("≤ 3 ms", met: version <= 3_000_000))
        table.add(
            item: 10, what: "`memhist snapshot`, \(mapCount) mappings, spawn to exit", memhist: snapshot,
            floor: readFloor, format: Format.ns, goal: Goal.ratio(snapshot / readFloor, atMost: 1.5))
    }

    /// The wall time of running `program` with `arguments` to its exit, output discarded, ns.
    private static func wallOfRun(_ program: String, _ arguments: [String]) -> Double {
        let start = Clock.nowNs()
        guard let child = try? Child(program, arguments, stdin: .null, stdout: .null, stderr: .null) else {
            return .nan
        }
        _ = child.wait()
        return Double(Clock.nowNs() - start)
    }
}

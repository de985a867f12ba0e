import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Items 1 and 2: one capture of a process with about 100, 1,000 and 10,000 mappings,
/// with regions (and with the SQLite write of its tick) against a plain read of its smaps,
/// and totals only against a plain read of the files the totals come from.
enum CaptureBench {
    /// Runs items 1 and/or 2 for each mapping count of the configuration.
    static func run(config: BenchConfig, table: ResultTable) throws {
        for target in config.mappingCounts {
            let (child, mapCount) = try Helpers.mappings(target)
            defer { child.terminate() }
            let capturer = LinuxProcessCapturer()
            let identity = try capturer.identity(pid: child.pid)
            let smapsBytes = RawReader().read("/proc/\(child.pid)/smaps")
            say(
                "\n### ~\(Format.count(target)) mappings: pid \(child.pid), \(Format.count(mapCount)) mappings, "
                    + "smaps \(Format.bytes(Double(smapsBytes)))")
            if config.runs(item: 1) {
                try regions(child: child, mapCount: mapCount, identity: identity, config: config, table: table)
            }
            if config.runs(item: 2) {
                try totals(child: child, mapCount: mapCount, identity: identity, config: config, table: table)
            }
        }
    }

    /// Item 1: capture with regions, and capture + write, against the smaps read floor; with
    /// the parts of the capture timed alone to show where the time goes. `capture(_:withRegions:)`
    /// reads smaps_rollup as well as smaps (exact totals); the recorder's own region ticks call
    /// `capture(_:detail: .regions)`, which sums the totals from smaps: both are timed.
    private static func regions(
        child: Child, mapCount: Int, identity: ProcessIdentity, config: BenchConfig, table: ResultTable
    ) throws {
        let pid = child.pid
        let raw = RawReader()
        let smaps = "/proc/\(pid)/smaps"
        let capturer = LinuxProcessCapturer()
        let (store, sessionID, processID) = try BenchStore.make(identity: identity, regionsMode: "grouped")
        let (mappingStore, mappingSessionID, mappingProcessID) = try BenchStore.make(
            identity: identity, regionsMode: "mappings")
        defer {
            Files.removeDatabase(store.path)
            Files.removeDatabase(mappingStore.path)
        }
        let saved = Array(raw.bytes(count: raw.read(smaps)))
        let sample = try capturer.capture(identity, withRegions: true, timeMs: 0)
        let groupedRows = try RegionRow.grouped(sample.regions ?? [])
        var time: Int64 = 1_700_000_000_000
        let results = try Timing.interleaved(
            runs: config.runs, targetNs: config.runTargetNs,
            [
                { raw.read(smaps) },
                { _ = try capturer.capture(identity, withRegions: true, timeMs: time) },
                {
                    time += 1
                    let capture = try capturer.capture(identity, withRegions: true, timeMs: time)
                    let rows = try RegionRow.grouped(capture.regions ?? [])
                    try store.writeTick(
                        sessionID: sessionID, timeMs: time,
                        samples: [.init(processID: processID, capture: capture, regionRows: rows)], host: nil)
                },
                {
                    time += 1
                    let capture = try capturer.capture(identity, withRegions: true, timeMs: time)
                    let rows = RegionRow.perMapping(capture.regions ?? [])
                    try mappingStore.writeTick(
                        sessionID: mappingSessionID, timeMs: time,
                        samples: [.init(processID: mappingProcessID, capture: capture, regionRows: rows)], host: nil)
                },
                // What `memhist record` does on a region tick: capture(detail: .regions), which walks
                // the pages once (totals summed from smaps, no smaps_rollup).
                { _ = try capturer.capture(identity, detail: .regions, timeMs: time) },
                {
                    time += 1
                    let capture = try capturer.capture(identity, detail: .regions, timeMs: time)
                    let rows = try RegionRow.grouped(capture.regions ?? [])
                    try store.writeTick(
                        sessionID: sessionID, timeMs: time,
                        samples: [.init(processID: processID, capture: capture, regionRows: rows)], host: nil)
                },
                // The parts, alone.
                { _ = try saved.withUnsafeBufferPointer { try SmapsParser.parse($0, source: smaps) } },
                { raw.read("/proc/\(pid)/smaps_rollup") },
                {
                    raw.read("/proc/\(pid)/stat")
                    raw.read("/proc/\(pid)/status")
                },
                { _ = try RegionRow.grouped(sample.regions ?? []) },
                {
                    time += 1
                    try store.writeTick(
                        sessionID: sessionID, timeMs: time,
                        samples: [.init(processID: processID, capture: sample, regionRows: groupedRows)], host: nil)
                },
            ])
        let medians = results.map(Stats.median)
        let floor = medians[0]
        let label = "\(Format.count(mapCount)) maps"
        say("item 1, per capture (median of \(config.runs) runs; min…max):")
        let names = [
            "floor: read smaps", "capture with regions", "capture + writeTick (grouped)",
            "capture + writeTick (--regions mappings)", "capture(detail: .regions) (recorder's path)",
            "capture(detail: .regions) + writeTick (grouped)", "  part: SmapsParser.parse (bytes in memory)",
            "  part: read smaps_rollup", "  part: read stat + status", "  part: RegionRow.grouped",
            "  part: writeTick alone (grouped, \(groupedRows.count) labels)",
        ]
        for (index, name) in names.enumerated() {
            say(
                "  \(name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(Format.ns(medians[index]))"
                    + "  (\(Stats.spread(results[index])))  \(Format.ratio(medians[index] / floor)) of floor")
        }
        table.add(
            item: 1, what: "snapshot's capture (smaps + smaps_rollup for exact totals), \(label)", memhist: medians[1],
            floor: floor, format: Format.ns, goal: "(info: two page walks)")
        table.add(
            item: 1, what: "  the same + SQLite write (grouped, \(groupedRows.count) labels)", memhist: medians[2],
            floor: floor, format: Format.ns, goal: "(info)")
        table.add(
            item: 1, what: "capture + write, --regions mappings, \(label)", memhist: medians[3], floor: floor,
            format: Format.ns, goal: "(no goal)")
        table.add(
            item: 1, what: "recorder's region tick: capture(detail: .regions) + write, \(label)",
            memhist: medians[5], floor: floor, format: Format.ns, goal: Goal.ratio(medians[5] / floor, atMost: 1.3))
    }

    /// Item 2: totals capture against reading smaps_rollup + stat + status, and + maps.
    private static func totals(
        child: Child, mapCount: Int, identity: ProcessIdentity, config: BenchConfig, table: ResultTable
    ) throws {
        let pid = child.pid
        let raw = RawReader()
        let capturer = LinuxProcessCapturer()
        let rollup = "/proc/\(pid)/smaps_rollup"
        let stat = "/proc/\(pid)/stat"
        let status = "/proc/\(pid)/status"
        let maps = "/proc/\(pid)/maps"
        let results = try Timing.interleaved(
            runs: config.runs, targetNs: config.runTargetNs,
            [
                {
                    raw.read(rollup)
                    raw.read(stat)
                    raw.read(status)
                },
                {
                    raw.read(rollup)
                    raw.read(stat)
                    raw.read(status)
                    raw.read(maps)
                },
                { _ = try capturer.capture(identity, withRegions: false, timeMs: 0) },
                { raw.read(rollup) },
                { raw.read(maps) },
                // What `memhist record` does on a totals tick: the rollup without counting maps.
                { _ = try capturer.capture(identity, detail: .rollup, timeMs: 0, countMaps: false) },
            ])
        let medians = results.map(Stats.median)
        let label = "\(Format.count(mapCount)) maps"
        say("item 2, per capture (median of \(config.runs) runs; min…max):")
        let names = [
            "floor: read smaps_rollup + stat + status", "floor: read smaps_rollup + stat + status + maps",
            "capture totals (withRegions: false)", "  part: read smaps_rollup", "  part: read maps",
            "capture(detail: .rollup, countMaps: false) (recorder's path)",
        ]
        for (index, name) in names.enumerated() {
            say(
                "  \(name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(Format.ns(medians[index]))"
                    + "  (\(Stats.spread(results[index])))  \(Format.ratio(medians[index] / medians[0])) of floor")
        }
        table.add(
            item: 2, what: "recorder's totals tick (no maps read) vs rollup+stat+status, \(label)", memhist: medians[5],
            floor: medians[0], format: Format.ns, goal: Goal.ratio(medians[5] / medians[0], atMost: 1.5))
        table.add(
            item: 2, what: "snapshot-style totals (maps counted) vs rollup+stat+status, \(label)", memhist: medians[2],
            floor: medians[0], format: Format.ns, goal: "(info)")
        table.add(
            item: 2, what: "totals capture vs rollup+stat+status+maps, \(label)", memhist: medians[2],
            floor: medians[1], format: Format.ns, goal: Goal.ratio(medians[2] / medians[1], atMost: 1.5))
    }
}

/// A memhist database in the temporary directory with one session and one process.
enum BenchStore {
    /// Creates the store; returns it with the session's and the process's row ids.
    static func make(
        identity: ProcessIdentity, regionsMode: String, name: String = "capture.db"
    ) throws -> (store: HistoryStore, sessionID: Int64, processID: Int64) {
        let path = try Files.tempPath(name)
        let store = try HistoryStore(path: path, access: .create)
        let sessionID = try store.beginSession(session(regionsMode: regionsMode))
        let processID = try store.addProcess(
            sessionID: sessionID, identity: identity, startedMs: nil, firstSeenMs: 1_700_000_000_000)
        return (store, sessionID, processID)
    }

    /// A plausible session row.
    static func session(regionsMode: String, startedMs: Int64 = 1_700_000_000_000) -> SessionInfo {
        SessionInfo(
            startedMs: startedMs, host: "bench", kernel: "Linux", pageSize: 4096, clockTicks: 100,
            bootTimeMs: nil, intervalMs: 1000, selection: "memhist-bench", regionsMode: regionsMode,
            regionsEvery: 10, memhistVersion: MemhistVersion.current)
    }
}

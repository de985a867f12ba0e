import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 6: the time of a report over a day recorded at 1 s for 10 processes, against one
/// ordered read of every sample's metric.
enum ReportBench {
    /// Processes in the generated day.
    static let processes = 10
    /// Labels per region capture.
    static let regionLabels = 20

    /// Runs item 6.
    static func run(config: BenchConfig, table: ResultTable) throws {
        let ticks = config.dayTicks
        let path = try Files.tempPath("day.db")
        defer { Files.removeDatabase(path) }
        say(
            "\n### item 6: generating \(Format.count(ticks)) ticks × \(processes) processes at 1 s "
                + "(regions every 10th tick, \(regionLabels) labels) through HistoryStore.writeTick")
        let generated = Clock.nowNs()
        try generate(path: path, ticks: ticks)
        let generationNs = Double(Clock.nowNs() - generated)
        say(
            "  generated in \(Format.ns(generationNs)) (\(Format.ns(generationNs / Double(ticks))) per tick); "
                + "\(Format.bytes(Double(Files.size(path) + Files.size(path + "-wal")))) on disk")

        var reportCount = 0
        var jsonBytes = 0
        var rowsRead = 0
        var seriesPoints = 0
        var htmlBytes = 0
        var csvBytes = 0
        let results = try Timing.interleaved(
            runs: config.reportRuns, targetNs: 0, warmups: 1,
            [
                {
                    let store = try HistoryStore(path: path, access: .readOnly)
                    reportCount = try ReportBuilder(store: store).build(.latest).count
                },
                {
                    let store = try HistoryStore(path: path, access: .readOnly)
                    let builder = ReportBuilder(store: store)
                    let ids = try builder.sessionIDs(.latest)
                    let reports = try builder.build(.latest)
                    let sessions = try store.sessions().filter { ids.contains($0.id) }
                    jsonBytes = ReportRenderer(reports: reports, sessions: sessions).render(.json).utf8.count
                },
                {
                    // The part of the report that is the SQL read: every process's series and
                    // regions, in one pass over the time-ordered tables.
                    let store = try HistoryStore(path: path, access: .readOnly)
                    let ids = try ReportBuilder(store: store).sessionIDs(.latest)
                    let requests = try store.processes(sessionIDs: ids).map {
                        HistoryRequest(process: $0, sinceMs: nil, untilMs: nil)
                    }
                    for history in try store.histories(requests, metric: .pss) {
                        seriesPoints += history.series.timesMs.count
                    }
                },
                {
                    // export --format html: the report, every series, the charts, the page.
                    let store = try HistoryStore(path: path, access: .readOnly)
                    let builder = ReportBuilder(store: store)
                    let ids = try builder.sessionIDs(.latest)
                    let document = try builder.document(
                        try builder.build(.latest), sessionIDs: ids, withSeries: true, nowMs: 0)
                    htmlBytes = HTMLReportWriter(document: document).write().utf8.count
                },
                {
                    // export --format csv: every stored sample row, streamed.
                    let store = try HistoryStore(path: path, access: .readOnly)
                    let builder = ReportBuilder(store: store)
                    let ids = try builder.sessionIDs(.latest)
                    let document = try builder.document(
                        try builder.build(.latest), sessionIDs: ids, withSeries: false, nowMs: 0)
                    var bytes = 0
                    try CSVSeriesWriter(rows: .samples).write(document, from: store, sinceMs: nil, untilMs: nil) {
                        bytes += $0.utf8.count
                    }
                    csvBytes = bytes
                },
                {
                    let database = try Database(path: path, mode: .readOnly)
                    let select = try database.prepare(
                        "SELECT process_id, time_ms, proportional_size FROM sample ORDER BY time_ms, process_id")
                    var sum: Int64 = 0
                    var rows = 0
                    while try select.step() {
                        sum &+= select.int64(0) &+ select.int64(1) &+ select.int64(2)
                        rows += 1
                    }
                    rowsRead = rows
                    if sum == 42 { say("") }  // keeps the loop from being optimised away
                },
            ])
        let medians = results.map(Stats.median)
        say(
            "  per run (median of \(config.reportRuns); min…max): build \(Format.ns(medians[0])) "
                + "(\(Stats.spread(results[0]))), \(reportCount) reports; build + JSON \(Format.ns(medians[1])) "
                + "(\(Stats.spread(results[1]))), \(Format.bytes(Double(jsonBytes))); floor SELECT of "
                + "\(Format.count(rowsRead)) rows \(Format.ns(medians[5])) (\(Stats.spread(results[5])))")
        say(
            "  part: store.histories(_:metric: .pss) of every process, the report's own read: "
                + "\(Format.ns(medians[2])) (\(Stats.spread(results[2]))) per run, "
                + "\(Format.count(seriesPoints / max(1, config.reportRuns + 1))) points")
        let day = ticks == 86_400 ? "a day" : "\(Format.number(Double(ticks) / 3600, 1)) h"
        table.add(
            item: 6, what: "report build (open + ReportBuilder), \(day) × \(processes) procs @1s", memhist: medians[0],
            floor: medians[5], format: Format.ns, goal: Goal.absolute("≤ 0.35 s", met: medians[0] <= 0.35e9))
        table.add(
            item: 6, what: "  part: its reads (store.histories: series and regions, one pass)", memhist: medians[2],
            floor: medians[5], format: Format.ns, goal: "(info)")
        table.add(
            item: 6, what: "report build + JSON render, \(day) × \(processes) procs", memhist: medians[1],
            floor: medians[5], format: Format.ns, goal: Goal.absolute("≤ 1 s", met: medians[1] <= 1e9))
        say(
            "  export html \(Format.ns(medians[3])) (\(Stats.spread(results[3]))), \(Format.bytes(Double(htmlBytes))); "
                + "export csv \(Format.ns(medians[4])) (\(Stats.spread(results[4]))), \(Format.bytes(Double(csvBytes)))"
        )
        table.add(
            item: 6, what: "export --format html (series, charts), \(day) × \(processes) procs", memhist: medians[3],
            floor: medians[5], format: Format.ns, goal: Goal.absolute("≤ 5 s", met: medians[3] <= 5e9))
        table.add(
            item: 6, what: "export --format csv (every sample row), \(day) × \(processes) procs", memhist: medians[4],
            floor: medians[5], format: Format.ns, goal: Goal.absolute("≤ 5 s", met: medians[4] <= 5e9))
    }

    /// Writes the day: every tick one transaction with every process's sample, the host's
    /// memory, and every 10th tick (and the last) the regions.
    private static func generate(path: String, ticks: Int) throws {
        let store = try HistoryStore(path: path, access: .create)
        let startMs: Int64 = 1_700_000_000_000
        let sessionID = try store.beginSession(BenchStore.session(regionsMode: "grouped", startedMs: startMs))
        var ids: [Int64] = []
        let identities = (0..<processes).map(SyntheticData.identity)
        for identity in identities {
            ids.append(
                try store.addProcess(sessionID: sessionID, identity: identity, startedMs: nil, firstSeenMs: startMs))
        }
        var random = SplitMix(seed: 7)
        var samples: [HistoryStore.TickSample] = []
        samples.reserveCapacity(processes)
        for tick in 0..<ticks {
            let time = startMs + Int64(tick) * 1000
            let regions = tick % 10 == 0 || tick == ticks - 1
            samples.removeAll(keepingCapacity: true)
            for index in 0..<processes {
                let capture = SyntheticData.capture(
                    identities[index], process: index, tick: tick, timeMs: time, random: &random)
                let rows = regions ? SyntheticData.regionRows(regionLabels, tick: tick, random: &random) : nil
                samples.append(.init(processID: ids[index], capture: capture, regionRows: rows))
            }
            let host = HostMemory(
                total: 16 << 30, available: (9 << 30) + Int(random.next() % (1 << 26)), swapTotal: 0, swapFree: 0,
                cgroupUsage: 3 << 30, cgroupLimit: nil)
            try store.writeTick(sessionID: sessionID, timeMs: time, samples: samples, host: host)
        }
        try store.endSession(id: sessionID, endedMs: startMs + Int64(ticks) * 1000, reason: "duration")
        try store.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}

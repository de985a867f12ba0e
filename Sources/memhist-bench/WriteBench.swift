import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 4: writing sample rows and region rows through `HistoryStore.writeTick` against a
/// raw prepared-statement loop into tables of the same shape, one transaction per tick.
///
/// The raw loops write exactly the rows memhist wrote: the ticks are first written through
/// `writeTick` once (untimed) and read back, with the `CREATE` statements of memhist's
/// `sample` and `region_sample` tables and indexes, so that the floor follows memhist's schema
/// as it changes. The raw same-shape tables drop the foreign keys; a third path replays the
/// rows into memhist's own schema (foreign keys on) with the per-sample
/// `UPDATE process SET last_seen_ms` that `writeTick` does: the same SQL work, without the
/// Swift side of `writeTick` (the `[SQLValue]` arrays, the region-change bookkeeping).
enum WriteBench {
    /// Region labels per sample when regions are written.
    static let regionLabels = 20

    /// Runs item 4.
    static func run(config: BenchConfig, table: ResultTable) throws {
        let perTick = config.writeSamplesPerTick
        say("\n### item 4: \(perTick) samples per tick, one transaction per tick")
        for withRegions in [false, true] {
            let ticks = withRegions ? config.writeRegionTicks : config.writeTicks
            let data = SyntheticData.ticks(
                count: ticks, processes: perTick, regionLabels: withRegions ? regionLabels : 0)
            let stored = try StoredRows.written(data)
            let rows = Double(stored.rowCount)
            let variants: [() throws -> (write: () throws -> Void, path: String)] = [
                { try memhistWriter(data) },
                { try rawWriter(stored) },
                { try rawMemhistSchemaWriter(stored, data) },
            ]
            var times = [[Double]](repeating: [], count: variants.count)
            for run in 0..<config.runs {
                for step in 0..<variants.count {
                    let index = (run + step) % variants.count
                    let (write, path) = try variants[index]()
                    let start = Clock.nowNs()
                    try write()
                    times[index].append(Double(Clock.nowNs() - start) / rows)
                    Files.removeDatabase(path)
                }
            }
            let medians = times.map(Stats.median)
            let kind = withRegions ? "sample + \(regionLabels) region rows each" : "sample rows"
            say(
                "\(kind): \(ticks) ticks × \(perTick) samples; memhist wrote \(stored.sampleRows) sample rows and "
                    + "\(stored.regionRows) region rows (\(Format.count(stored.rowCount)) rows per run); per row:")
            let names = [
                "HistoryStore.writeTick", "raw loop, same-shape tables", "raw loop, memhist schema + UPDATE process",
            ]
            for (index, name) in names.enumerated() {
                say(
                    "  \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(Format.ns(medians[index]))"
                        + "  (\(Stats.spread(times[index])))  \(Format.ratio(medians[index] / medians[1])) of raw")
            }
            table.add(
                item: 4, what: "writeTick per row, \(kind)", memhist: medians[0], floor: medians[1], format: Format.ns,
                goal: "(no goal)")
            table.add(
                item: 4, what: "  raw loop into memhist schema (FKs, UPDATE process)", memhist: medians[2],
                floor: medians[1], format: Format.ns, goal: "(info)")
        }
    }

    /// A fresh memhist store with the processes of `data`.
    private static func store(for data: SyntheticData, name: String) throws -> (HistoryStore, Int64) {
        let path = try Files.tempPath(name)
        let store = try HistoryStore(path: path, access: .create)
        let sessionID = try store.beginSession(BenchStore.session(regionsMode: "grouped"))
        for identity in data.identities {
            _ = try store.addProcess(sessionID: sessionID, identity: identity, startedMs: nil, firstSeenMs: 0)
        }
        return (store, sessionID)
    }

    /// A fresh memhist store with the processes of `data`; returns the timed write.
    static func memhistWriter(_ data: SyntheticData) throws -> (write: () throws -> Void, path: String) {
        let (store, sessionID) = try store(for: data, name: "write-memhist.db")
        return (
            {
                for (tick, samples) in data.ticks.enumerated() {
                    try store.writeTick(sessionID: sessionID, timeMs: data.times[tick], samples: samples, host: nil)
                }
            }, store.path
        )
    }

    /// A fresh database with memhist's tables without their foreign keys; returns the timed write.
    private static func rawWriter(_ stored: StoredRows) throws -> (write: () throws -> Void, path: String) {
        let path = try Files.tempPath("write-raw.db")
        let database = try Database(path: path, mode: .create)
        for statement in stored.schema { try database.execute(statement) }
        try database.enableWriteAheadLog()
        let insertSample = try database.prepare(stored.insertSampleSQL)
        let insertRegion = try database.prepare(stored.insertRegionSQL)
        return (
            {
                for tick in stored.ticks {
                    try database.inTransaction {
                        for row in tick {
                            try insert(row.values, row.isRegion ? insertRegion : insertSample)
                        }
                    }
                }
            }, path
        )
    }

    /// A fresh memhist store (its schema, processes and region labels) written with raw
    /// statements, with the per-sample `UPDATE process` that `writeTick` does; returns the
    /// timed write.
    private static func rawMemhistSchemaWriter(
        _ stored: StoredRows, _ data: SyntheticData
    ) throws -> (write: () throws -> Void, path: String) {
        let (store, _) = try store(for: data, name: "write-rawschema.db")
        let database = store.database
        for label in stored.labels {
            try database.prepare("INSERT INTO region (id, label, kind) VALUES (?, ?, ?)")
                .run([.integer(label.id), .text(label.label), .text(label.kind)])
        }
        let insertSample = try database.prepare(stored.insertSampleSQL)
        let insertRegion = try database.prepare(stored.insertRegionSQL)
        let touch = try database.prepare("UPDATE process SET last_seen_ms = ? WHERE id = ?")
        let timeColumn = stored.sampleColumns.firstIndex(of: "time_ms") ?? 1
        let processColumn = stored.sampleColumns.firstIndex(of: "process_id") ?? 0
        return (
            {
                for tick in stored.ticks {
                    try database.inTransaction {
                        for row in tick {
                            try insert(row.values, row.isRegion ? insertRegion : insertSample)
                            guard !row.isRegion else { continue }
                            try touch.bind(row.values[timeColumn], at: 1)
                            try touch.bind(row.values[processColumn], at: 2)
                            try touch.step()
                            touch.reset()
                        }
                    }
                }
            }, store.path
        )
    }

    /// Binds `values` to parameters 1, 2, … and runs the insert.
    @inline(__always)
    private static func insert(_ values: [SQLValue], _ statement: Statement) throws {
        for (offset, value) in values.enumerated() { try statement.bind(value, at: Int32(offset + 1)) }
        try statement.step()
        statement.reset()
    }
}

/// The rows `writeTick` stored for some ticks, in the order it wrote them, with the shape of
/// its tables: what the raw loops replay.
struct StoredRows {
    /// One row: a sample or a region row, with its column values.
    struct Row {
        var isRegion: Bool
        var values: [SQLValue]
    }

    /// `CREATE` statements of `sample`, `region_sample` and their indexes, foreign keys removed.
    var schema: [String]
    /// Columns of `sample` and of `region_sample`, in table order (process_id and time_ms first).
    var sampleColumns: [String]
    var regionColumns: [String]
    /// The rows of each tick.
    var ticks: [[Row]]
    /// Region labels: id, label, kind.
    var labels: [(id: Int64, label: String, kind: String)]
    var sampleRows = 0
    var regionRows = 0

    /// All rows.
    var rowCount: Int { sampleRows + regionRows }

    var insertSampleSQL: String { Self.insertSQL("sample", sampleColumns) }
    var insertRegionSQL: String { Self.insertSQL("region_sample", regionColumns) }

    static func insertSQL(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// Writes `data` through `writeTick` into a scratch store and reads back what it stored.
    static func written(_ data: SyntheticData) throws -> StoredRows {
        let (write, path) = try WriteBench.memhistWriter(data)
        try write()
        defer { Files.removeDatabase(path) }
        let database = try Database(path: path, mode: .readOnly)
        let schema = try database.prepare(
            """
            SELECT sql FROM sqlite_schema
            WHERE tbl_name IN ('sample', 'region_sample') AND sql IS NOT NULL ORDER BY type DESC, name
            """
        ).rows { $0.text(0) ?? "" }.map {
            $0.replacingOccurrences(
                of: #",\s*FOREIGN KEY\s*\([^)]*\)\s*REFERENCES\s+\w+\s*\([^)]*\)"#, with: "",
                options: .regularExpression
            )
            .replacingOccurrences(of: #"REFERENCES\s+\w+\s*\(\s*\w+\s*\)"#, with: "", options: .regularExpression)
        }
        let sampleColumns = try columns(database, "sample")
        let regionColumns = try columns(database, "region_sample")
        func values(_ row: Statement, _ columns: [(name: String, isText: Bool)]) -> [SQLValue] {
            columns.enumerated().map { index, column in
                let at = Int32(index)
                if row.isNull(at) { return .null }
                return column.isText ? .text(row.text(at) ?? "") : .integer(row.int64(at))
            }
        }
        // A region row belongs to the sample of its process at its time (the first two columns
        // of both keys).
        struct SampleKey: Hashable {
            var process: Int64
            var time: Int64
        }
        var regionsBySample: [SampleKey: [Row]] = [:]
        var regionRows = 0
        _ = try database.prepare(
            "SELECT \(regionColumns.map(\.name).joined(separator: ", ")) FROM region_sample ORDER BY time_ms, process_id"
        ).rows { row in
            let key = SampleKey(process: row.int64(0), time: row.int64(1))
            regionsBySample[key, default: []].append(Row(isRegion: true, values: values(row, regionColumns)))
            regionRows += 1
        }
        var ticks: [[Row]] = []
        var lastTime: Int64?
        var sampleRows = 0
        _ = try database.prepare(
            "SELECT \(sampleColumns.map(\.name).joined(separator: ", ")) FROM sample ORDER BY time_ms, process_id"
        ).rows { row in
            let key = SampleKey(process: row.int64(0), time: row.int64(1))
            if key.time != lastTime { ticks.append([]) }
            lastTime = key.time
            ticks[ticks.count - 1].append(Row(isRegion: false, values: values(row, sampleColumns)))
            ticks[ticks.count - 1] += regionsBySample[key] ?? []
            sampleRows += 1
        }
        let labels = try database.prepare("SELECT id, label, kind FROM region ORDER BY id").rows {
            (id: $0.int64(0), label: $0.text(1) ?? "", kind: $0.text(2) ?? "")
        }
        return StoredRows(
            schema: schema, sampleColumns: sampleColumns.map(\.name), regionColumns: regionColumns.map(\.name),
            ticks: ticks, labels: labels, sampleRows: sampleRows, regionRows: regionRows)
    }

    /// The columns of `table` and whether each is declared TEXT.
    private static func columns(_ database: Database, _ table: String) throws -> [(name: String, isText: Bool)] {
        try database.prepare("SELECT name, type FROM pragma_table_info('\(table)') ORDER BY cid").rows {
            (name: $0.text(0) ?? "", isText: ($0.text(1) ?? "").uppercased().contains("TEXT"))
        }
    }
}

/// Synthetic captures: plausible, varying numbers for a set of processes over ticks.
struct SyntheticData {
    /// The processes (their row ids are 1, 2, … in a fresh store).
    var identities: [ProcessIdentity]
    /// The time of each tick, Unix ms.
    var times: [Int64]
    /// The samples of each tick.
    var ticks: [[HistoryStore.TickSample]]

    /// `count` ticks of `processes` processes, each sample with `regionLabels` grouped region
    /// rows (none when 0).
    static func ticks(count: Int, processes: Int, regionLabels: Int) -> SyntheticData {
        let identities = (0..<processes).map { identity($0) }
        var times: [Int64] = []
        var ticks: [[HistoryStore.TickSample]] = []
        var generator = SplitMix(seed: 42)
        for tick in 0..<count {
            let time = 1_700_000_000_000 + Int64(tick) * 1000
            times.append(time)
            ticks.append(
                identities.indices.map { index in
                    let capture = SyntheticData.capture(
                        identities[index], process: index, tick: tick, timeMs: time, random: &generator)
                    let rows = regionLabels > 0 ? regionRows(regionLabels, tick: tick, random: &generator) : nil
                    return HistoryStore.TickSample(processID: Int64(index + 1), capture: capture, regionRows: rows)
                })
        }
        return SyntheticData(identities: identities, times: times, ticks: ticks)
    }

    /// A made-up process.
    static func identity(_ index: Int) -> ProcessIdentity {
        ProcessIdentity(
            pid: Int32(10_000 + index), startTime: UInt64(1_000 + index), parentPid: 1, name: "worker\(index)",
            commandLine: "/usr/bin/worker --id \(index) --config /etc/worker.conf", executable: "/usr/bin/worker")
    }

    /// One capture: a base size per process, a slow leak for every third process, a sawtooth
    /// for every third + 1, and noise.
    static func capture(
        _ identity: ProcessIdentity, process: Int, tick: Int, timeMs: Int64, random: inout SplitMix
    ) -> ProcessCapture {
        let base = 80 << 20 + process * (7 << 20)
        var level = base
        switch process % 3 {
        case 0: level += tick * 97  // ~340 KiB per hour at 1 s
        case 1: level += (tick % 600) * 40_960
        default: break
        }
        level += Int(random.next() % 262_144)
        let memory = MemoryUsage(
            mapCount: 140 + Int(random.next() % 8), residentSize: level, proportionalSize: level - (6 << 20),
            sharedCleanSize: 12 << 20, sharedDirtySize: 1 << 20, privateCleanSize: 3 << 20,
            privateDirtySize: level - (16 << 20), referencedSize: level - (2 << 20), anonymousSize: level - (20 << 20),
            swapSize: 0, proportionalSwapSize: 0, minorFaults: 10_000 + tick * 13, majorFaults: 42)
        var counters = ProcessCounters()
        counters.peakResident = base + (40 << 20)
        counters.threads = 8
        counters.resident = level
        counters.residentAnonymous = level - (20 << 20)
        counters.residentFile = 14 << 20
        counters.residentSharedMemory = 0
        counters.swap = 0
        return ProcessCapture(
            identity: identity, timeMs: timeMs, detail: .rollup, memory: memory, counters: counters, regions: nil)
    }

    /// `count` grouped region rows with labels like a real process's.
    static func regionRows(_ count: Int, tick: Int, random: inout SplitMix) -> [RegionRow] {
        let fixed: [(String, RegionKind)] = [
            ("[heap]", .heap), ("[anon]", .anonymous), ("[stack]", .stack), ("[vdso]", .kernel), ("[vvar]", .kernel),
        ]
        return (0..<count).map { index in
            let (label, kind) =
                index < fixed.count
                ? fixed[index] : ("/usr/lib/x86_64-linux-gnu/libexample\(index).so.\(index % 3)", RegionKind.file)
            let resident = (index + 1) * 123 * 4096 + (index < 2 ? tick * 4096 : 0) + Int(random.next() % 64) * 4096
            let sizes = RegionSizes(
                size: resident * 2, resident: resident, proportional: resident - 4096, sharedClean: 8192,
                sharedDirty: 0, privateClean: 4096, privateDirty: resident - 12_288, referenced: resident,
                anonymous: kind == .file ? 0 : resident)
            return RegionRow(label: label, kind: kind, startAddress: nil, mappingCount: 1 + index % 4, sizes: sizes)
        }
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    private var state: UInt64

    /// Seeds the generator.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

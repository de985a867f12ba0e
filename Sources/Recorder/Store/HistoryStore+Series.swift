/// The whole series of a process, every measure, and its regions over time: what charts and
/// exports read. Values out of range read as not measured, as everywhere (``StoredRange``).
extension HistoryStore: HistoryReader {
    public var location: String { path }

    public func samples(processID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> ProcessSamples {
        try translatingErrors {
            var samples = ProcessSamples()
            var lastTime = Int64.min
            let window = try rowWindow(processID: processID, sinceMs: sinceMs, untilMs: untilMs)
            let statement = try database.prepare(Self.samplesSQL(oneProcess: true))
            try statement.bind([.integer(window.sinceMs), .integer(window.untilMs), .integer(processID)])
            defer { statement.reset() }
            while try statement.step() {
                Self.appendSample(statement, to: &samples, lastTimeMs: &lastTime)
            }
            return samples
        }
    }

    /// The samples of several processes, in the order asked, read in one pass over the time they
    /// cover (the table is in time order; a read per process would scan it once per process).
    public func samples(of requests: [HistoryRequest]) throws -> [ProcessSamples] {
        guard !requests.isEmpty else { return [] }
        return try translatingErrors {
            let requested = try requestedRows(requests)
            let slots = requested.slots
            var found = [ProcessSamples](repeating: ProcessSamples(), count: requested.entries.count)
            var lastTimes = [Int64](repeating: .min, count: requested.entries.count)
            if let span = requested.span {
                let statement = try database.prepare(Self.samplesSQL(oneProcess: false))
                try statement.bind([.integer(span.lowerBound), .integer(span.upperBound)])
                defer { statement.reset() }
                while try statement.step() {
                    guard let slot = slots[statement.int64(0)],
                        requested.entries[slot].window?.contains(statement.int64(1)) == true
                    else { continue }
                    Self.appendSample(statement, to: &found[slot], lastTimeMs: &lastTimes[slot])
                }
            }
            return requests.map { slots[$0.process.id].map { found[$0] } ?? ProcessSamples() }
        }
    }

    /// The query of the samples a chart shows: process, time, detail, then resident, PSS, USS,
    /// dirty + swap and footprint (range-checked as read), in time order within parameters 1
    /// and 2, of process parameter 3 when `oneProcess`.
    private static func samplesSQL(oneProcess: Bool) -> String {
        """
        SELECT s.process_id, s.time_ms, s.detail, \(Metric.rss.sampleColumn), proportional_size,
               private_clean_size + private_dirty_size, private_dirty_size + coalesce(swap_size, 0),
               f.physical_footprint
        FROM sample s
        LEFT JOIN footprint_sample f ON f.time_ms = s.time_ms AND f.process_id = s.process_id
        WHERE s.time_ms >= ?1 AND s.time_ms <= ?2 AND \(oneProcess ? "s.process_id = ?3 AND" : "")
              \(StoredRange.timeCondition("s.time_ms"))
        ORDER BY s.time_ms
        """
    }

    /// Adds the current row of ``samplesSQL(oneProcess:)`` to `samples`; a row not after the last
    /// one (a damaged file's order) is dropped, since a chart needs increasing times.
    private static func appendSample(_ row: Statement, to samples: inout ProcessSamples, lastTimeMs: inout Int64) {
        let time = row.int64(1)
        guard time > lastTimeMs else { return }
        lastTimeMs = time
        let bytes = StoredRange.bytes
        func size(_ column: Int32) -> Int? { row.int64(column, within: bytes).map { Int($0) } }
        samples.timesMs.append(time)
        samples.details.append(CaptureDetail(rawValue: row.int(2)) ?? .status)
        samples.resident.append(size(3))
        samples.proportional.append(size(4))
        samples.unique.append(size(5))
        samples.dirtyPlusSwap.append(size(6))
        samples.footprint.append(size(7))
    }

    public func regionSeries(
        processID: Int64, metric: Metric, labels: [String], sinceMs: Int64?, untilMs: Int64?
    ) throws -> RegionSeries {
        try translatingErrors {
            var series = RegionSeries()
            series.labels = labels
            let rows = try rowWindow(processID: processID, sinceMs: sinceMs, untilMs: untilMs)
            let window = [SQLValue.integer(processID), .integer(rows.sinceMs), .integer(rows.untilMs)]
            series.timesMs = try database.prepare(
                """
                SELECT time_ms FROM sample
                WHERE process_id = ? AND detail = 3 AND time_ms >= ? AND time_ms <= ?
                      AND \(StoredRange.timeCondition("time_ms"))
                ORDER BY time_ms
                """
            ).rows(window) { $0.int64(0) }
            series.values = labels.map { _ in [] }
            guard let lastCapture = series.timesMs.last else { return series }
            let index = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            // Region rows are stored when they change: replay them in time order and read the
            // state at each capture. A key is a label and a mapping's start address.
            struct Key: Hashable {
                var region: Int64
                var start: String
            }
            var state: [Key: (label: Int?, bytes: Int)] = [:]
            var perLabel = [Int](repeating: 0, count: labels.count)
            var total = 0
            var capture = 0
            func record(upTo time: Int64) {
                while capture < series.timesMs.count && series.timesMs[capture] < time {
                    for (slot, value) in perLabel.enumerated() { series.values[slot].append(value) }
                    series.other.append(max(0, total - perLabel.reduce(0, +)))
                    capture += 1
                }
            }
            let value = StoredRange.sql(metric.regionSampleColumn, within: StoredRange.bytes)
            _ = try database.prepare(
                """
                SELECT rs.time_ms, rs.region_id, rs.start_address, rs.mapping_count, \(value), r.label
                FROM region_sample rs JOIN region r ON r.id = rs.region_id
                WHERE rs.process_id = ? AND rs.time_ms >= ? AND rs.time_ms <= ? AND \(StoredRange.timeCondition("rs.time_ms"))
                ORDER BY rs.time_ms
                """
            ).rows([.integer(processID), .integer(rows.firstSightMs), .integer(lastCapture)]) { row in
                let time = row.int64(0)
                record(upTo: time)
                let key = Key(region: row.int64(1), start: row.text(2) ?? "")
                let bytes = row.int64(3) > 0 ? Int(row.optionalInt64(4) ?? 0) : 0
                let slot = index[row.text(5) ?? ""]
                if let old = state[key] {
                    total -= old.bytes
                    if let slot = old.label { perLabel[slot] -= old.bytes }
                }
                state[key] = (slot, bytes)
                total += bytes
                if let slot { perLabel[slot] += bytes }
            }
            record(upTo: .max)
            return series
        }
    }
}

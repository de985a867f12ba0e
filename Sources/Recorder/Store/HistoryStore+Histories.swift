/// A report's reads in one pass: the sample tables are keyed by time, so the series of every
/// process alive at once are read with one scan of that time, not one scan per process.
extension HistoryStore {
    /// The series and region snapshots of `requests`, in their order: one scan of `sample` over
    /// the union of their windows, and one of `region_sample` up to the last region capture.
    /// The results equal ``series(processID:metric:sinceMs:untilMs:)`` and
    /// ``regionSnapshots(processID:metric:sinceMs:untilMs:)`` for each request.
    public func histories(_ requests: [HistoryRequest], metric: Metric) throws -> [ProcessHistory] {
        guard !requests.isEmpty else { return [] }
        return try translatingErrors {
            let ids = requests.map(\.process.id)
            let requested = try requestedRows(requests)
            let slots = requested.slots
            let intervals = Dictionary(
                try sessions().map { ($0.id, max(1, $0.intervalMs)) }, uniquingKeysWith: { first, _ in first })
            // One scan per distinct process, kept in an array: rows update their scan in place.
            var scans = requested.entries.map { entry in
                // At most a sample per interval; a process still recording (no last sight yet) runs
                // to its last_seen_ms, at most 10 s behind.
                let reach = min(entry.process.lastSeenMs, StoredRange.timeMs.upperBound) + 10_000
                let span = entry.window.map { min($0.upperBound, reach) - $0.lowerBound }
                let interval = intervals[entry.process.sessionID] ?? 1_000
                return HistoryScan(
                    window: entry.window, firstSightMs: entry.firstSightMs,
                    expectedRows: span.map { $0 < 0 ? 0 : Int(min($0 / interval + 1, 10_000_000)) } ?? 0)
            }
            if let span = requested.span { try readSeries(into: &scans, slots: slots, span: span, metric: metric) }
            try readRegions(into: &scans, slots: slots, metric: metric)
            return ids.map { id in
                guard let slot = slots[id] else { return ProcessHistory(series: SampleSeries(), regions: nil) }
                var series = scans[slot].series
                if !scans[slot].ordered { series.sortByTime() }
                return ProcessHistory(series: series, regions: scans[slot].snapshots)
            }
        }
    }

    /// Reads the processes' sample rows in one scan of `span`, the union of their windows. Rows of other
    /// processes in those times (other sessions, processes not asked for) are skipped here: a
    /// lookup in `slots` costs less than SQLite's test of an `IN` list on every row.
    private func readSeries(
        into scans: inout [HistoryScan], slots: [Int64: Int], span: ClosedRange<Int64>, metric: Metric
    ) throws {
        let regions = Int64(CaptureDetail.regions.rawValue)
        let bytes = StoredRange.bytes
        let statement = try database.prepare(
            """
            SELECT process_id, time_ms, detail, \(Self.seriesColumns(metric))
            FROM sample
            WHERE time_ms >= ? AND time_ms <= ?
            ORDER BY time_ms
            """)
        try statement.bind([.integer(span.lowerBound), .integer(span.upperBound)])
        defer { statement.reset() }
        while try statement.step() {
            // Whatever the key holds, a time must be an integer (as StoredRange.timeCondition has it).
            guard let slot = slots[statement.int64(0)], statement.isInteger(1) else { continue }
            let time = statement.int64(1)
            guard let window = scans[slot].window, window.contains(time) else { continue }
            scans[slot].add(
                timeMs: time, capturedRegions: statement.int64(2) == regions,
                value: statement.int64(3, within: bytes), resident: statement.int64(4, within: bytes),
                peak: statement.int64(5, within: bytes), dirtyPlusSwap: statement.int64(6, within: bytes))
        }
    }

    /// Replays the region rows of the processes with region captures, in time order, and takes
    /// each one's state at its first and last capture.
    private func readRegions(into scans: inout [HistoryScan], slots: [Int64: Int], metric: Metric) throws {
        let captured = slots.filter { scans[$0.value].captures != nil }
        guard let low = captured.values.map({ scans[$0].firstSightMs }).min(),
            let high = captured.values.compactMap({ scans[$0].captures?.last }).max()
        else { return }
        var labels: [Int64: (label: String, kind: String)] = [:]
        _ = try database.prepare("SELECT id, label, kind FROM region WHERE typeof(id) = 'integer'").rows { row in
            labels[row.int64(0)] = (row.text(1) ?? "", row.text(2) ?? "")
        }
        _ = try database.prepare(
            """
            SELECT rs.process_id, rs.time_ms, rs.region_id, rs.start_address, rs.mapping_count, \(metric.regionSampleColumn)
            FROM region_sample rs
            WHERE rs.time_ms >= ? AND rs.time_ms <= ? AND \(StoredRange.timeCondition("rs.time_ms"))
            ORDER BY rs.time_ms
            """
        ).rows([.integer(low), .integer(high)]) { row in
            guard let slot = captured[row.int64(0)] else { return }
            scans[slot].replay(
                timeMs: row.int64(1), key: RegionStateKey(region: row.int64(2), start: row.text(3) ?? ""),
                mappingCount: row.int64(4), value: row.int64(5, within: StoredRange.bytes), labels: labels)
        }
        for slot in captured.values { scans[slot].finishRegions(labels: labels) }
    }
}

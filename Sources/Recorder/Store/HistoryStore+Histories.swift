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
            let rowTimes = try rowTimes(of: Array(Set(ids)))
            var reading = [Int64: HistoryScan]()
            for request in requests where reading[request.process.id] == nil {
                guard let times = rowTimes[request.process.id] else { continue }
                let low = max(request.sinceMs ?? .min, times.lowerBound)
                let high = min(request.untilMs ?? .max, times.upperBound)
                reading[request.process.id] = HistoryScan(
                    window: low <= high ? low...high : nil, firstSightMs: times.lowerBound)
            }
            try readSeries(into: &reading, metric: metric)
            try readRegions(into: &reading, metric: metric)
            return ids.map { id in
                guard let scan = reading[id] else { return ProcessHistory(series: SampleSeries(), regions: nil) }
                var series = scan.series
                if !scan.ordered { series.sortByTime() }
                return ProcessHistory(series: series, regions: scan.snapshots)
            }
        }
    }

    /// Reads the processes' sample rows in one scan of the union of their windows.
    private func readSeries(into reading: inout [Int64: HistoryScan], metric: Metric) throws {
        let windows = reading.values.compactMap(\.window)
        guard let low = windows.map(\.lowerBound).min(), let high = windows.map(\.upperBound).max() else { return }
        let ids = reading.compactMap { $0.value.window == nil ? nil : $0.key }
        _ = try database.prepare(
            """
            SELECT process_id, time_ms, detail, \(Self.seriesColumns(metric))
            FROM sample
            WHERE time_ms >= ? AND time_ms <= ? AND process_id IN (\(ids.map(String.init).joined(separator: ",")))
                  AND \(StoredRange.timeCondition("time_ms"))
            ORDER BY time_ms
            """
        ).rows([.integer(low), .integer(high)]) { row in
            let id = row.int64(0)
            let time = row.int64(1)
            guard let window = reading[id]?.window, window.contains(time) else { return }
            reading[id]!.add(
                timeMs: time, capturedRegions: row.int64(2) == Int64(CaptureDetail.regions.rawValue),
                value: row.optionalInt64(3), resident: row.optionalInt64(4), peak: row.optionalInt64(5),
                dirtyPlusSwap: row.optionalInt64(6))
        }
    }

    /// Replays the region rows of the processes with region captures, in time order, and takes
    /// each one's state at its first and last capture.
    private func readRegions(into reading: inout [Int64: HistoryScan], metric: Metric) throws {
        let captured = reading.filter { $0.value.captures != nil }
        guard let low = captured.values.map(\.firstSightMs).min(),
            let high = captured.values.compactMap(\.captures?.last).max()
        else { return }
        var labels: [Int64: (label: String, kind: String)] = [:]
        _ = try database.prepare("SELECT id, label, kind FROM region WHERE typeof(id) = 'integer'").rows { row in
            labels[row.int64(0)] = (row.text(1) ?? "", row.text(2) ?? "")
        }
        let value = StoredRange.sql(metric.regionSampleColumn, within: StoredRange.bytes)
        _ = try database.prepare(
            """
            SELECT rs.process_id, rs.time_ms, rs.region_id, rs.start_address, rs.mapping_count, \(value)
            FROM region_sample rs
            WHERE rs.time_ms >= ? AND rs.time_ms <= ?
                  AND rs.process_id IN (\(captured.keys.map(String.init).joined(separator: ",")))
                  AND \(StoredRange.timeCondition("rs.time_ms"))
            ORDER BY rs.time_ms
            """
        ).rows([.integer(low), .integer(high)]) { row in
            let id = row.int64(0)
            guard reading[id]?.captures != nil else { return }
            reading[id]!.replay(
                timeMs: row.int64(1), key: RegionStateKey(region: row.int64(2), start: row.text(3) ?? ""),
                mappingCount: row.int64(4), value: row.optionalInt64(5), labels: labels)
        }
        for id in captured.keys { reading[id]!.finishRegions(labels: labels) }
    }
}

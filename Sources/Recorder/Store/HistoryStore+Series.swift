/// The whole series of a process, every measure, and its regions over time: what charts and
/// exports read. Values out of range read as not measured, as everywhere (``StoredRange``).
extension HistoryStore: HistoryReader {
    public var location: String { path }

    public func samples(processID: Int64, sinceMs: Int64?, untilMs: Int64?) throws -> ProcessSamples {
        let bytes = StoredRange.bytes
        return try translatingErrors {
            var samples = ProcessSamples()
            var lastTime = Int64.min
            let window = try rowWindow(processID: processID, sinceMs: sinceMs, untilMs: untilMs)
            _ = try database.prepare(
                """
                SELECT s.time_ms, s.detail, \(StoredRange.sql(Metric.rss.sampleColumn, within: bytes)),
                       \(StoredRange.sql("proportional_size", within: bytes)),
                       \(StoredRange.sql("private_clean_size + private_dirty_size", within: bytes)),
                       \(StoredRange.sql("private_dirty_size + coalesce(swap_size, 0)", within: bytes)),
                       \(StoredRange.sql("f.physical_footprint", within: bytes))
                FROM sample s
                LEFT JOIN footprint_sample f ON f.process_id = s.process_id AND f.time_ms = s.time_ms
                WHERE s.process_id = ? AND s.time_ms >= ? AND s.time_ms <= ? AND \(StoredRange.timeCondition("s.time_ms"))
                ORDER BY s.time_ms
                """
            ).rows([.integer(processID), .integer(window.sinceMs), .integer(window.untilMs)]) { row in
                // A damaged file's rows out of order are dropped: a chart needs increasing times.
                let time = row.int64(0)
                guard time > lastTime else { return }
                lastTime = time
                samples.timesMs.append(time)
                samples.details.append(CaptureDetail(rawValue: row.int(1)) ?? .status)
                samples.resident.append(row.optionalInt64(2).map { Int($0) })
                samples.proportional.append(row.optionalInt64(3).map { Int($0) })
                samples.unique.append(row.optionalInt64(4).map { Int($0) })
                samples.dirtyPlusSwap.append(row.optionalInt64(5).map { Int($0) })
                samples.footprint.append(row.optionalInt64(6).map { Int($0) })
            }
            return samples
        }
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
            // Region rows before the window count: the state at a capture is every region's latest row.
            let firstSight = try rowWindow(processID: processID, sinceMs: nil, untilMs: nil).sinceMs
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
            ).rows([.integer(processID), .integer(firstSight), .integer(lastCapture)]) { row in
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

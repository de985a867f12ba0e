/// Reading a memhist database back for reports.
///
/// Whatever a file holds, reading it never traps: a time outside ``StoredRange/timeMs`` leaves
/// its row out, a size outside ``StoredRange/bytes`` reads as not measured, and series come back
/// in strictly increasing time order even from a file whose b-tree order is damaged.
extension HistoryStore {
    /// Every session, oldest first; a session whose start time is out of range is left out.
    public func sessions() throws -> [SessionInfo] {
        let time = StoredRange.timeMs
        let interval = 0...Int64(366 * 86_400_000)
        let count = StoredRange.count
        return try translatingErrors {
            try database.prepare(
                """
                SELECT id, \(StoredRange.sql("started_ms", within: time)), \(StoredRange.sql("ended_ms", within: time)),
                       stop_reason, host, kernel, \(StoredRange.sql("page_size", within: count)),
                       \(StoredRange.sql("clock_ticks", within: count)), \(StoredRange.sql("boot_time_ms", within: time)),
                       \(StoredRange.sql("interval_ms", within: interval)), selection, regions_mode,
                       \(StoredRange.sql("regions_every", within: count)), memhist_version
                FROM session WHERE typeof(id) = 'integer' ORDER BY id
                """
            ).rows { row -> SessionInfo? in
                guard let started = row.optionalInt64(1) else { return nil }
                return SessionInfo(
                    id: row.int64(0), startedMs: started, endedMs: row.optionalInt64(2), stopReason: row.text(3),
                    host: row.text(4) ?? "", kernel: row.text(5) ?? "", pageSize: row.int(6), clockTicks: row.int(7),
                    bootTimeMs: row.optionalInt64(8), intervalMs: row.int64(9), selection: row.text(10) ?? "",
                    regionsMode: row.text(11) ?? "", regionsEvery: row.int(12), memhistVersion: row.text(13) ?? "")
            }.compactMap { $0 }
        }
    }

    /// The processes of the given sessions, in order of first sight; a process whose first or
    /// last sight is out of range is left out.
    public func processes(sessionIDs: [Int64]) throws -> [StoredProcess] {
        guard !sessionIDs.isEmpty else { return [] }
        let list = sessionIDs.map(String.init).joined(separator: ",")
        let time = StoredRange.timeMs
        let pid = 0...Int64(Int32.max)
        return try translatingErrors {
            try database.prepare(
                """
                SELECT id, session_id, \(StoredRange.sql("pid", within: pid)),
                       \(StoredRange.sql("start_ticks", within: StoredRange.count)),
                       \(StoredRange.sql("parent_pid", within: pid)), name, command,
                       \(StoredRange.sql("first_seen_ms", within: time)), \(StoredRange.sql("last_seen_ms", within: time)),
                       end_reason, \(StoredRange.sql("exit_status", within: 0...255)),
                       \(StoredRange.sql("exec_ms", within: time))
                FROM process WHERE session_id IN (\(list)) AND typeof(id) = 'integer'
                ORDER BY session_id, first_seen_ms, id
                """
            ).rows { row -> StoredProcess? in
                guard let firstSeen = row.optionalInt64(7), let lastSeen = row.optionalInt64(8) else { return nil }
                return StoredProcess(
                    id: row.int64(0), sessionID: row.int64(1), pid: Int32(truncatingIfNeeded: row.int64(2)),
                    startTime: UInt64(row.int64(3)), parentPid: row.optionalInt64(4).map { Int32($0) },
                    name: row.text(5) ?? "", command: row.text(6) ?? "", firstSeenMs: firstSeen,
                    lastSeenMs: max(firstSeen, lastSeen), execMs: row.optionalInt64(11), endReason: row.text(9),
                    exitStatus: row.optionalInt64(10).map { Int32($0) })
            }.compactMap { $0 }
        }
    }

    /// What a series reads from a `sample` row: the metric, the resident size, the kernel's peak
    /// and dirty memory plus swap; each is range-checked as it is read (``Statement/int64(_:within:)``).
    static func seriesColumns(_ metric: Metric) -> String {
        [
            metric.sampleColumn, Metric.residentColumn, "peak_resident_size",
            "private_dirty_size + coalesce(swap_size, 0)",
        ]
        .joined(separator: ", ")
    }

    /// The series of `metric` for one process, in time order.
    public func series(processID: Int64, metric: Metric, sinceMs: Int64? = nil, untilMs: Int64? = nil) throws
        -> SampleSeries
    {
        try translatingErrors {
            let statement = try database.prepare(
                """
                SELECT time_ms, \(Self.seriesColumns(metric))
                FROM sample
                WHERE process_id = ? AND time_ms >= ? AND time_ms <= ? AND \(StoredRange.timeCondition("time_ms"))
                ORDER BY time_ms
                """)
            var series = SampleSeries()
            var lastTime: Int64 = -1
            var ordered = true
            let window = try rowWindow(processID: processID, sinceMs: sinceMs, untilMs: untilMs)
            _ = try statement.rows(
                [.integer(processID), .integer(window.sinceMs), .integer(window.untilMs)]
            ) { row in
                let time = row.int64(0)
                if time <= lastTime { ordered = false }
                lastTime = time
                let bytes = StoredRange.bytes
                series.append(
                    timeMs: time, value: row.int64(1, within: bytes), resident: row.int64(2, within: bytes),
                    peak: row.int64(3, within: bytes), dirtyPlusSwap: row.int64(4, within: bytes))
            }
            if !ordered { series.sortByTime() }
            return series
        }
    }

    /// The region breakdown of a process at its first and last region captures (within the
    /// window); nil when there is none.
    ///
    /// Region rows are stored when they change, so the state at a sample is, per region, its
    /// latest row at or before that sample; a row with no mappings marks a region gone.
    public func regionSnapshots(
        processID: Int64, metric: Metric, sinceMs: Int64? = nil, untilMs: Int64? = nil
    ) throws -> (first: RegionSnapshot, last: RegionSnapshot)? {
        try translatingErrors {
            let window = try rowWindow(processID: processID, sinceMs: sinceMs, untilMs: untilMs)
            let ends = try database.prepare(
                """
                SELECT min(time_ms), max(time_ms) FROM sample
                WHERE process_id = ? AND detail = 3 AND time_ms >= ? AND time_ms <= ?
                      AND \(StoredRange.timeCondition("time_ms"))
                """
            ).rows([.integer(processID), .integer(window.sinceMs), .integer(window.untilMs)]) {
                $0.isNull(0) ? nil : ($0.int64(0), $0.int64(1))
            }
            guard let found = ends.first, let (firstTime, lastTime) = found else { return nil }
            // Per region and mapping, the row with the latest time up to ?2 (SQLite takes the
            // bare columns of a max() query from that row); gone regions are left out after. The
            // sum is taken as a real number (total), which cannot overflow, and range-checked.
            let value = StoredRange.sql(metric.regionSampleColumn, within: StoredRange.bytes)
            let read = try database.prepare(
                """
                SELECT r.label, r.kind, \(StoredRange.sql("total(latest.value)", within: StoredRange.bytes))
                FROM (SELECT rs.region_id, rs.mapping_count, \(value) AS value, max(rs.time_ms)
                      FROM region_sample rs WHERE rs.process_id = ?1 AND rs.time_ms >= ?3 AND rs.time_ms <= ?2
                      GROUP BY rs.region_id, rs.start_address) latest
                JOIN region r ON r.id = latest.region_id
                WHERE latest.mapping_count > 0
                GROUP BY r.id
                """)
            func snapshot(_ time: Int64) throws -> RegionSnapshot {
                var values: [String: (kind: String, bytes: Int)] = [:]
                _ = try read.rows([.integer(processID), .integer(time), .integer(window.firstSightMs)]) { row in
                    guard let bytes = row.optionalInt64(2) else { return }
                    values[row.text(0) ?? ""] = (row.text(1) ?? "", Int(bytes))
                }
                return RegionSnapshot(timeMs: time, values: values)
            }
            return (try snapshot(firstTime), try snapshot(lastTime))
        }
    }

    /// The host and cgroup memory of a session, in time order, within the window.
    public func hostSeries(sessionID: Int64, sinceMs: Int64? = nil, untilMs: Int64? = nil) throws -> HostSeries {
        let bytes = StoredRange.bytes
        return try translatingErrors {
            var series = HostSeries()
            var lastTime: Int64 = -1
            _ = try database.prepare(
                """
                SELECT time_ms, \(StoredRange.sql("mem_available", within: bytes)),
                       \(StoredRange.sql("cgroup_usage", within: bytes)), \(StoredRange.sql("cgroup_limit", within: bytes))
                FROM host_sample
                WHERE session_id = ? AND time_ms >= ? AND time_ms <= ? AND \(StoredRange.timeCondition("time_ms"))
                ORDER BY time_ms
                """
            ).rows([.integer(sessionID), .integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) { row in
                // Rows out of order (a damaged b-tree) are dropped rather than sorted: the host
                // series only feeds the forecast.
                let time = row.int64(0)
                guard time > lastTime else { return }
                lastTime = time
                series.timesMs.append(time)
                series.available.append(row.optionalInt64(1).map { Int($0) })
                series.cgroupUsage.append(row.optionalInt64(2).map { Int($0) })
                series.cgroupLimit.append(row.optionalInt64(3).map { Int($0) })
            }
            return series
        }
    }
}

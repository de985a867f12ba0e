/// Reading a memhist database back for reports.
extension HistoryStore {
    /// Every session, oldest first.
    public func sessions() throws -> [SessionInfo] {
        try translatingErrors {
            try database.prepare(
                """
                SELECT id, started_ms, ended_ms, stop_reason, host, kernel, page_size, clock_ticks, boot_time_ms,
                       interval_ms, selection, regions_mode, regions_every, memhist_version
                FROM session ORDER BY id
                """
            ).rows { row in
                SessionInfo(
                    id: row.int64(0), startedMs: row.int64(1), endedMs: row.isNull(2) ? nil : row.int64(2),
                    stopReason: row.text(3), host: row.text(4) ?? "", kernel: row.text(5) ?? "", pageSize: row.int(6),
                    clockTicks: row.int(7), bootTimeMs: row.isNull(8) ? nil : row.int64(8), intervalMs: row.int64(9),
                    selection: row.text(10) ?? "", regionsMode: row.text(11) ?? "", regionsEvery: row.int(12),
                    memhistVersion: row.text(13) ?? "")
            }
        }
    }

    /// The processes of the given sessions, in order of first sight.
    public func processes(sessionIDs: [Int64]) throws -> [StoredProcess] {
        guard !sessionIDs.isEmpty else { return [] }
        let list = sessionIDs.map(String.init).joined(separator: ",")
        return try translatingErrors {
            try database.prepare(
                """
                SELECT id, session_id, pid, start_ticks, parent_pid, name, command, first_seen_ms, last_seen_ms,
                       end_reason, exit_status
                FROM process WHERE session_id IN (\(list)) ORDER BY session_id, first_seen_ms, id
                """
            ).rows { row in
                StoredProcess(
                    id: row.int64(0), sessionID: row.int64(1), pid: Int32(truncatingIfNeeded: row.int64(2)),
                    startTicks: UInt64(bitPattern: row.int64(3)),
                    parentPid: row.isNull(4) ? nil : Int32(truncatingIfNeeded: row.int64(4)), name: row.text(5) ?? "",
                    command: row.text(6) ?? "", firstSeenMs: row.int64(7), lastSeenMs: row.int64(8),
                    endReason: row.text(9), exitStatus: row.isNull(10) ? nil : Int32(truncatingIfNeeded: row.int64(10)))
            }
        }
    }

    /// The series of `metric` for one process, in time order.
    public func series(processID: Int64, metric: Metric, sinceMs: Int64? = nil, untilMs: Int64? = nil) throws -> SampleSeries {
        try translatingErrors {
            let statement = try database.prepare(
                """
                SELECT time_ms, \(metric.sampleColumn), resident_size, peak_resident_size,
                       private_dirty_size + coalesce(swap_size, 0)
                FROM sample
                WHERE process_id = ? AND time_ms >= ? AND time_ms <= ?
                ORDER BY time_ms
                """)
            var series = SampleSeries()
            _ = try statement.rows([.integer(processID), .integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) { row in
                if !row.isNull(1) {
                    series.timesMs.append(row.int64(0))
                    series.values.append(Double(row.int64(1)))
                    series.resident.append(row.int(2))
                    series.dirtyPlusSwap.append(row.int(4))
                }
                if let peak = row.optionalInt(3) {
                    series.peakHighWaterMark = max(series.peakHighWaterMark ?? 0, peak)
                }
            }
            return series
        }
    }

    /// The region breakdown of a process at its first and last samples that stored regions
    /// (within the window); nil when fewer than one such sample exists.
    public func regionSnapshots(
        processID: Int64, metric: Metric, sinceMs: Int64? = nil, untilMs: Int64? = nil
    ) throws -> (first: RegionSnapshot, last: RegionSnapshot)? {
        try translatingErrors {
            let ends = try database.prepare(
                """
                SELECT min(id), max(id) FROM sample
                WHERE process_id = ? AND region_rows > 0 AND time_ms >= ? AND time_ms <= ?
                """
            ).rows([.integer(processID), .integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) {
                ($0.isNull(0) ? nil : $0.int64(0), $0.isNull(1) ? nil : $0.int64(1))
            }
            guard let (firstID, lastID) = ends.first, let firstID, let lastID else { return nil }
            let column = metric.regionSampleColumn
            let read = try database.prepare(
                """
                SELECT s.time_ms, r.label, r.kind, sum(\(column))
                FROM region_sample rs JOIN region r ON r.id = rs.region_id JOIN sample s ON s.id = rs.sample_id
                WHERE rs.sample_id = ? GROUP BY r.id
                """)
            func snapshot(_ sampleID: Int64) throws -> RegionSnapshot {
                var time: Int64 = 0
                var values: [String: (kind: String, bytes: Int)] = [:]
                _ = try read.rows([.integer(sampleID)]) { row in
                    time = row.int64(0)
                    values[row.text(1) ?? ""] = (row.text(2) ?? "", row.int(3))
                }
                return RegionSnapshot(timeMs: time, values: values)
            }
            return (try snapshot(firstID), try snapshot(lastID))
        }
    }

    /// The host and cgroup memory of a session, in time order, within the window.
    public func hostSeries(sessionID: Int64, sinceMs: Int64? = nil, untilMs: Int64? = nil) throws -> HostSeries {
        try translatingErrors {
            var series = HostSeries()
            _ = try database.prepare(
                """
                SELECT time_ms, mem_available, cgroup_usage, cgroup_limit FROM host_sample
                WHERE session_id = ? AND time_ms >= ? AND time_ms <= ? ORDER BY time_ms
                """
            ).rows([.integer(sessionID), .integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) { row in
                series.timesMs.append(row.int64(0))
                series.available.append(row.optionalInt(1))
                series.cgroupUsage.append(row.optionalInt(2))
                series.cgroupLimit.append(row.optionalInt(3))
            }
            return series
        }
    }

    /// The latest host sample of a session: the host's and cgroup's memory.
    public func latestHostMemory(sessionID: Int64) throws -> HostMemory? {
        try translatingErrors {
            try database.prepare(
                """
                SELECT mem_total, mem_available, swap_total, swap_free, cgroup_usage, cgroup_limit
                FROM host_sample WHERE session_id = ? ORDER BY time_ms DESC LIMIT 1
                """
            ).rows([.integer(sessionID)]) {
                HostMemory(
                    total: $0.optionalInt(0), available: $0.optionalInt(1), swapTotal: $0.optionalInt(2),
                    swapFree: $0.optionalInt(3), cgroupUsage: $0.optionalInt(4), cgroupLimit: $0.optionalInt(5))
            }.first
        }
    }
}

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
    public func series(processID: Int64, metric: Metric, sinceMs: Int64? = nil, untilMs: Int64? = nil) throws
        -> SampleSeries
    {
        try translatingErrors {
            let statement = try database.prepare(
                """
                SELECT time_ms, \(metric.sampleColumn), \(Metric.residentColumn), peak_resident_size,
                       private_dirty_size + coalesce(swap_size, 0)
                FROM sample
                WHERE process_id = ? AND time_ms >= ? AND time_ms <= ?
                ORDER BY time_ms
                """)
            var series = SampleSeries()
            _ = try statement.rows([.integer(processID), .integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) { row in
                series.rows += 1
                if !row.isNull(1) {
                    series.timesMs.append(row.int64(0))
                    series.values.append(Double(row.int64(1)))
                }
                if !row.isNull(2) {
                    series.residentTimesMs.append(row.int64(0))
                    series.resident.append(row.int(2))
                }
                if !row.isNull(4) {
                    series.dirtyTimesMs.append(row.int64(0))
                    series.dirtyPlusSwap.append(row.int(4))
                }
                if let peak = row.optionalInt(3) {
                    series.peakHighWaterMark = max(series.peakHighWaterMark ?? 0, peak)
                }
            }
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
            let ends = try database.prepare(
                """
                SELECT min(time_ms), max(time_ms) FROM sample
                WHERE process_id = ? AND detail = 3 AND time_ms >= ? AND time_ms <= ?
                """
            ).rows([.integer(processID), .integer(sinceMs ?? .min), .integer(untilMs ?? .max)]) {
                $0.isNull(0) ? nil : ($0.int64(0), $0.int64(1))
            }
            guard let found = ends.first, let (firstTime, lastTime) = found else { return nil }
            // Per region and mapping, the row with the latest time up to ?2 (SQLite takes the
            // bare columns of a max() query from that row); gone regions are left out after.
            let read = try database.prepare(
                """
                SELECT r.label, r.kind, sum(latest.value)
                FROM (SELECT rs.region_id, rs.mapping_count, \(metric.regionSampleColumn) AS value, max(rs.time_ms)
                      FROM region_sample rs WHERE rs.process_id = ?1 AND rs.time_ms <= ?2
                      GROUP BY rs.region_id, rs.start_address) latest
                JOIN region r ON r.id = latest.region_id
                WHERE latest.mapping_count > 0
                GROUP BY r.id
                """)
            func snapshot(_ time: Int64) throws -> RegionSnapshot {
                var values: [String: (kind: String, bytes: Int)] = [:]
                _ = try read.rows([.integer(processID), .integer(time)]) { row in
                    values[row.text(0) ?? ""] = (row.text(1) ?? "", row.int(2))
                }
                return RegionSnapshot(timeMs: time, values: values)
            }
            return (try snapshot(firstTime), try snapshot(lastTime))
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
}

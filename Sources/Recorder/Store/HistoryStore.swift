import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memhist database file: opened with its checks, written one tick at a time, read back
/// for reports.
///
/// Opening never writes to a file that is not memhist's: the header is inspected first and a
/// foreign or newer file is refused with a ``StoreError``. A new file is created with mode
/// 0600 (command lines can hold secrets), gets the schema in `schema/`, then switches to WAL
/// so `sqlite3` can read while a recording runs. Every tick is one transaction, so a recorder
/// killed at any moment leaves whole ticks only.
public final class HistoryStore {
    /// How to open the file.
    public enum Access: Sendable {
        /// Create the file when it is missing (recording).
        case create
        /// The file must exist and may be written (migrations).
        case existing
        /// The file must exist; it is only read (reports).
        case readOnly
    }

    /// The connection.
    public let database: Database
    /// The file's path.
    public let path: String

    private var regionIDs: [String: Int64] = [:]
    /// Per process, the last stored row of each region (label and start address): region rows
    /// are written only when they differ from it.
    private var storedRegions: [Int64: [RegionRow.Key: RegionRow]] = [:]
    private var insertSample: Statement?
    private var insertFootprint: Statement?
    private var insertRegionSample: Statement?
    private var insertRegion: Statement?
    private var selectRegion: Statement?
    private var insertHost: Statement?
    /// Per session, which host readings are stored.
    private var hostCadence: [Int64: HostSampleCadence] = [:]
    /// Which `last_seen_ms` values are still to be written.
    private var lastSeen = LastSeenCadence()
    private var touchProcess: Statement?

    /// Opens the database at `path`.
    ///
    /// The file is judged before SQLite opens it (``DatabaseFile``): no symbolic link, a
    /// regular file, SQLite, memhist's and not newer; a file to be written must also be this
    /// user's and private (mode 0600), and its schema and pages are checked first
    /// (``Schema/verifyShape(of:version:path:)``, `integrity_check` for up to a second). A missing file
    /// is created exclusively with mode 0600. A reader opens a file it may write read-write
    /// with writes turned off (`query_only`), so SQLite removes the `-wal` and `-shm` files it
    /// made when it closes; anyone else's file is opened read-only, and, in a directory this
    /// user cannot write and with no recording running, as an immutable file.
    ///
    /// - Throws: ``StoreError`` saying what is wrong with the file; the file is left as it was.
    public init(path: String, access: Access) throws {
        self.path = path
        let purpose: DatabaseFile.Purpose = access == .readOnly ? .reading : .recording
        var contents = try DatabaseFile.inspect(path, for: purpose)
        var created = false
        if contents == .missing {
            guard access == .create else { throw StoreError.notFound(path: path) }
            created = try DatabaseFile.createExclusive(path)
            // Another recorder may have made it a moment ago: judge what it made.
            contents = created ? .empty : try DatabaseFile.inspect(path, for: .recording)
        }
        do {
            try DatabaseFile.checkSidecars(of: path, for: purpose)
            database = try Self.connect(path: path, contents: contents, access: access)
        } catch {
            if created { DatabaseFile.removeIfStillEmpty(path) }
            throw error
        }
    }

    /// Opens the connection for `access` and brings the schema up to date where that is allowed.
    private static func connect(path: String, contents: DatabaseFile.Contents, access: Access) throws -> Database {
        var version = 0
        if case .sqlite(let header) = contents { version = header.userVersion }
        do {
            if access == .readOnly {
                guard contents != .empty, version > 0 else {
                    let what = contents == .empty ? "the file is empty" : "an SQLite file without memhist's tables"
                    throw StoreError.noRecordings(path: path, detail: "no recordings (\(what))")
                }
                guard version >= Schema.currentVersion else { return try upgradeForReading(path: path, from: version) }
                return try openForReading(path: path, version: version)
            }
            let database = try Database(path: path, mode: .readWrite)
            if contents != .empty { try checkPages(database, path: path) }
            try Schema.prepare(database, path: path)
            try database.enableWriteAheadLog()
            // A recorder appends: 1 MiB of page cache holds the pages it touches, and keeps its
            // own memory flat sooner than SQLite's default 2 MiB.
            try database.execute("PRAGMA cache_size = -1024")
            return database
        } catch let error as SQLiteError {
            throw StoreError.from(error, path: path)
        }
    }

    /// How long a writer may spend checking the pages of an existing file before it writes.
    static let pageCheckBudgetMs = 1_000

    /// Refuses a file whose pages do not hold together (within ``pageCheckBudgetMs``).
    private static func checkPages(_ database: Database, path: String) throws {
        if case .problems(let problems) = try Schema.checkPages(database, budgetMs: pageCheckBudgetMs) {
            throw StoreError.corrupt(path: path, detail: problems.first ?? "integrity_check failed")
        }
    }

    /// A file from an older memhist, which a reader upgrades in place first (one transaction).
    private static func upgradeForReading(path: String, from version: Int) throws -> Database {
        func refuse(_ reason: String) -> StoreError {
            .cannotUpgrade(path: path, found: version, current: Schema.currentVersion, reason: reason)
        }
        do {
            _ = try DatabaseFile.inspect(path, for: .upgrading)
            try DatabaseFile.checkSidecars(of: path, for: .upgrading)
        } catch StoreError.ownedByAnotherUser {
            throw refuse("it belongs to another user")
        }
        let database = try Database(path: path, mode: .readWrite)
        do {
            try checkPages(database, path: path)
            try Schema.prepare(database, path: path)
        } catch let error as SQLiteError where error.code == SQLITE_READONLY || error.code == SQLITE_CANTOPEN {
            // The file, its WAL or its directory is not writable.
            throw refuse(error.message)
        }
        try database.execute("PRAGMA query_only = 1")
        return database
    }

    /// A connection that reads a current file and cannot write it, its schema verified.
    private static func openForReading(path: String, version: Int) throws -> Database {
        let database = try connectionForChecking(path: path)
        try Schema.verifyShape(of: database, version: version, path: path)
        return database
    }

    /// A connection that cannot write the file at `path`. A file this user owns and may write is
    /// opened read-write with `query_only` on, so that SQLite removes the `-wal` and `-shm` files
    /// it made when it closes; any other file read-only, and when SQLite cannot make the `-shm`
    /// file a reader of a WAL file needs (a directory this user cannot write) and there is no
    /// `-wal` (so no recorder is writing), as an immutable file.
    static func connectionForChecking(path: String) throws -> Database {
        var info = stat()
        let own = lstat(path, &info) == 0 && info.st_uid == geteuid()
        if own && DatabaseFile.isWritable(path) {
            // A read-write connection rolls a hot journal back into the file: the journal (and
            // the -wal) must be this user's too, not planted by another user beside it.
            try DatabaseFile.checkSidecars(of: path, for: .upgrading)
            let database = try Database(path: path, mode: .readWrite)
            try database.execute("PRAGMA query_only = 1")
            return database
        }
        do {
            let database = try Database(path: path, mode: .readOnly)
            _ = try database.userVersion  // the first read is where a missing -shm shows
            return database
        } catch let error as SQLiteError
            where (error.code == SQLITE_READONLY || error.code == SQLITE_CANTOPEN)
            && (DatabaseFile.sidecarSize(path + "-wal") ?? 0) == 0
        {
            return try Database(path: path, mode: .readOnly, immutable: true)
        }
    }

    /// Runs `body`, translating SQLite errors into ``StoreError``.
    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw StoreError.from(error, path: path)
        }
    }

    // MARK: Writing

    /// Stores a new session and returns its id.
    public func beginSession(_ info: SessionInfo) throws -> Int64 {
        try translatingErrors {
            try database.prepare(
                """
                INSERT INTO session (started_ms, host, kernel, page_size, clock_ticks, boot_time_ms, interval_ms,
                                     selection, regions_mode, regions_every, memhist_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).run([
                .integer(info.startedMs), .text(info.host), .text(info.kernel), .int(info.pageSize),
                .int(info.clockTicks), .int(info.bootTimeMs), .integer(info.intervalMs), .text(info.selection),
                .text(info.regionsMode), .int(info.regionsEvery), .text(info.memhistVersion),
            ])
            return database.lastInsertRowID
        }
    }

    /// Records when and why a session stopped, with the host reading of its last tick when
    /// that was not stored yet (see ``HostSampleCadence``).
    public func endSession(id: Int64, endedMs: Int64, reason: String) throws {
        try translatingErrors {
            try database.inTransaction {
                if let (timeMs, host) = hostCadence[id]?.pending { try write(host, sessionID: id, timeMs: timeMs) }
                try writeLastSeen(lastSeen.unwritten)
                try database.prepare("UPDATE session SET ended_ms = ?, stop_reason = ? WHERE id = ?")
                    .run([.integer(endedMs), .text(reason), .integer(id)])
            }
        }
        hostCadence[id] = nil
        lastSeen.didWriteAll(atMs: endedMs)
    }

    /// Stores a process first seen at `firstSeenMs` and returns its id.
    public func addProcess(sessionID: Int64, identity: ProcessIdentity, startedMs: Int64?, firstSeenMs: Int64) throws
        -> Int64
    {
        try translatingErrors {
            try database.prepare(
                """
                INSERT INTO process (session_id, pid, start_ticks, started_ms, parent_pid, name, command, executable,
                                     first_seen_ms, last_seen_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).run([
                .integer(sessionID), .int(identity.pid), .integer(Int64(bitPattern: identity.startTime)),
                .int(startedMs), .int(identity.parentPid), .text(identity.name), .text(identity.commandLine),
                .string(identity.executable), .integer(firstSeenMs), .integer(firstSeenMs),
            ])
            return database.lastInsertRowID
        }
    }

    /// Updates what a process runs: after it exec'd another program, or when its command
    /// line could not be read at first sight.
    public func updateIdentity(id: Int64, identity: ProcessIdentity) throws {
        try translatingErrors {
            try database.prepare("UPDATE process SET name = ?, command = ?, executable = ? WHERE id = ?")
                .run([.text(identity.name), .text(identity.commandLine), .string(identity.executable), .integer(id)])
        }
    }

    /// Records that a process exec'd another program: its samples before `timeMs` are its
    /// launcher's (see ``StoredProcess/execMs``).
    public func markExec(id: Int64, timeMs: Int64) throws {
        try translatingErrors {
            try database.prepare("UPDATE process SET exec_ms = ? WHERE id = ?").run([.integer(timeMs), .integer(id)])
        }
    }

    /// Records how a process ended: `exited`, `vanished` or `unreadable`, and its exit status
    /// when memhist started it.
    public func endProcess(id: Int64, reason: String, exitStatus: Int32?) throws {
        let seenMs = lastSeen.unwritten[id]
        try translatingErrors {
            try database.prepare(
                "UPDATE process SET end_reason = ?, exit_status = ?, last_seen_ms = coalesce(?, last_seen_ms) WHERE id = ?"
            ).run([.text(reason), .int(exitStatus), seenMs.map { .integer($0) } ?? .null, .integer(id)])
        }
        _ = lastSeen.take(id)
    }

    /// One process's capture in a tick, with the region rows to store (nil: none this tick).
    public struct TickSample {
        /// The process's row id.
        public var processID: Int64
        /// The capture.
        public var capture: ProcessCapture
        /// Region rows, when this tick stores regions for the process.
        public var regionRows: [RegionRow]?

        /// Creates a tick sample.
        public init(processID: Int64, capture: ProcessCapture, regionRows: [RegionRow]?) {
            self.processID = processID
            self.capture = capture
            self.regionRows = regionRows
        }
    }

    /// Writes one tick, every process's sample and region rows and the host's memory, in one
    /// transaction: all of it is stored or none.
    ///
    /// Region rows are stored only for regions that appeared or whose sizes changed since the
    /// process's last stored row; a region that went away gets one row with no mappings. The
    /// host's memory is stored at the cadence of ``HostSampleCadence``. A process has at most
    /// one sample per millisecond: `timeMs`, the time of every row the tick writes, must move
    /// forward from tick to tick.
    public func writeTick(sessionID: Int64, timeMs: Int64, samples: [TickSample], host: HostMemory?) throws {
        var updated: [Int64: [RegionRow.Key: RegionRow]] = [:]
        var storedHost: HostMemory?
        let writesLastSeen = !samples.isEmpty && lastSeen.isDue(atMs: timeMs)
        // In key order, (time, process), so that the tick's rows are appended at the table's end.
        let ordered = samples.sorted { $0.processID < $1.processID }
        do {
            try translatingErrors {
                try database.inTransaction {
                    for sample in ordered {
                        var changes: [RegionRow] = []
                        if let rows = sample.regionRows {
                            let previous = storedRegions[sample.processID] ?? [:]
                            var current: [RegionRow.Key: RegionRow] = [:]
                            current.reserveCapacity(rows.count)
                            for row in rows {
                                current[row.key] = row
                                if previous[row.key] != row { changes.append(row) }
                            }
                            for (key, row) in previous where current[key] == nil { changes.append(row.vanished) }
                            updated[sample.processID] = current
                        }
                        try write(sample, timeMs: timeMs)
                        try write(changes, processID: sample.processID, timeMs: timeMs)
                    }
                    if writesLastSeen {
                        var sightings = lastSeen.unwritten
                        for sample in samples { sightings[sample.processID] = timeMs }
                        try writeLastSeen(sightings)
                    }
                    if let host, hostCadence[sessionID, default: HostSampleCadence()].shouldStore(host, timeMs: timeMs)
                    {
                        try write(host, sessionID: sessionID, timeMs: timeMs)
                        storedHost = host
                    }
                }
            }
        } catch {
            // Labels inserted by the rolled-back transaction are gone: forget their ids.
            regionIDs.removeAll()
            throw error
        }
        storedRegions.merge(updated) { $1 }
        // Noted only once the tick is stored: a rolled-back tick was not seen.
        if writesLastSeen {
            lastSeen.didWriteAll(atMs: timeMs)
        } else {
            for sample in samples { lastSeen.saw(sample.processID, atMs: timeMs) }
        }
        if let storedHost { hostCadence[sessionID]?.didStore(storedHost, timeMs: timeMs) }
    }

    private func statement(_ cached: inout Statement?, _ sql: String) throws -> Statement {
        if let cached { return cached }
        let made = try database.prepare(sql)
        cached = made
        return made
    }

    private func write(_ sample: TickSample, timeMs: Int64) throws {
        let insert = try statement(
            &insertSample,
            """
            INSERT INTO sample (process_id, time_ms, detail, map_count, resident_size, proportional_size,
                                shared_clean_size, shared_dirty_size, private_clean_size, private_dirty_size,
                                referenced_size, anonymous_size, swap_size, proportional_swap_size, minor_faults,
                                major_faults, peak_resident_size, thread_count, rss_anon, rss_file, rss_shmem,
                                vm_swap)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let capture = sample.capture
        let memory = capture.memory
        let counters = capture.counters
        // Each tick stores its sizes once: the page walk's when it read smaps_rollup or smaps,
        // else the status counters (which count the same pages, less exactly). What was not
        // stored is NULL, never zero.
        let walked = capture.detail >= .rollup
        func size(_ value: Int) -> SQLValue { walked ? .int(value) : .null }
        func counter(_ value: Int?) -> SQLValue { walked ? .null : .int(value) }
        // A platform whose only resident counter is the total (macOS) stores it, and the PSS
        // estimated from it, where the page walk's would go.
        let totalOnly = !walked && counters.residentAnonymous == nil
        try insert.run([
            .integer(sample.processID), .integer(timeMs), .int(capture.detail.rawValue),
            capture.mapCountMeasured ? size(memory.mapCount) : .null,
            totalOnly ? .int(counters.resident) : size(memory.residentSize),
            totalOnly ? .int(counters.proportionalEstimate) : size(memory.proportionalSize),
            size(memory.sharedCleanSize),
            size(memory.sharedDirtySize), size(memory.privateCleanSize), size(memory.privateDirtySize),
            size(memory.referencedSize), size(memory.anonymousSize), size(memory.swapSize),
            size(memory.proportionalSwapSize), .int(memory.minorFaults), .int(memory.majorFaults),
            .int(counters.peakResident), .int(counters.threads), counter(counters.residentAnonymous),
            counter(counters.residentFile), counter(counters.residentSharedMemory), counter(counters.swap),
        ])
        if counters.physicalFootprint != nil || counters.peakPhysicalFootprint != nil {
            let footprint = try statement(
                &insertFootprint,
                """
                INSERT INTO footprint_sample (process_id, time_ms, physical_footprint, peak_physical_footprint)
                VALUES (?, ?, ?, ?)
                """)
            try footprint.run([
                .integer(sample.processID), .integer(timeMs), .int(counters.physicalFootprint),
                .int(counters.peakPhysicalFootprint),
            ])
        }
    }

    /// Writes `process.last_seen_ms` for the given processes (see ``LastSeenCadence``).
    private func writeLastSeen(_ sightings: [Int64: Int64]) throws {
        let touch = try statement(&touchProcess, "UPDATE process SET last_seen_ms = ? WHERE id = ?")
        for (processID, timeMs) in sightings.sorted(by: { $0.key < $1.key }) {
            try touch.run([.integer(timeMs), .integer(processID)])
        }
    }

    /// Writes a process's changed region rows in key order (region id, then start address), so
    /// that they too are appended at the end of `region_sample`.
    private func write(_ rows: [RegionRow], processID: Int64, timeMs: Int64) throws {
        guard !rows.isEmpty else { return }
        var keyed: [(regionID: Int64, start: String, row: RegionRow)] = []
        keyed.reserveCapacity(rows.count)
        for row in rows {
            keyed.append((try regionID(for: row), row.startAddress.map { String($0, radix: 16) } ?? "", row))
        }
        // SQLite compares text bytewise.
        keyed.sort {
            $0.regionID != $1.regionID
                ? $0.regionID < $1.regionID : $0.start.utf8.lexicographicallyPrecedes($1.start.utf8)
        }
        for entry in keyed {
            try write(entry.row, regionID: entry.regionID, start: entry.start, processID: processID, timeMs: timeMs)
        }
    }

    private func write(_ row: RegionRow, regionID: Int64, start: String, processID: Int64, timeMs: Int64) throws {
        let insert = try statement(
            &insertRegionSample,
            """
            INSERT INTO region_sample (process_id, time_ms, region_id, start_address, mapping_count, size,
                                       resident_size, proportional_size, shared_clean_size, shared_dirty_size,
                                       private_clean_size, private_dirty_size, referenced_size, anonymous_size,
                                       swap_size, proportional_swap_size)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let sizes = row.sizes
        try insert.run([
            .integer(processID), .integer(timeMs), .integer(regionID),
            .text(start), .int(row.mappingCount), .int(sizes.size),
            .int(sizes.resident), .int(sizes.proportional), .int(sizes.sharedClean), .int(sizes.sharedDirty),
            .int(sizes.privateClean), .int(sizes.privateDirty), .int(sizes.referenced), .int(sizes.anonymous),
            .int(sizes.swap), .int(sizes.proportionalSwap),
        ])
    }

    /// The id of a region label, inserting it the first time; remembered for the connection
    /// (and forgotten when a tick rolls back, since its inserts are undone).
    private func regionID(for row: RegionRow) throws -> Int64 {
        if let known = regionIDs[row.label] { return known }
        let insert = try statement(&insertRegion, "INSERT OR IGNORE INTO region (label, kind) VALUES (?, ?)")
        try insert.run([.text(row.label), .text(row.kind.rawValue)])
        let select = try statement(&selectRegion, "SELECT id FROM region WHERE label = ?")
        let id = try select.rows([.text(row.label)]) { $0.int64(0) }.first ?? 0
        regionIDs[row.label] = id
        return id
    }

    private func write(_ host: HostMemory, sessionID: Int64, timeMs: Int64) throws {
        let insert = try statement(
            &insertHost,
            """
            INSERT OR REPLACE INTO host_sample (session_id, time_ms, mem_total, mem_available, swap_total, swap_free,
                                                cgroup_usage, cgroup_limit)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.run([
            .integer(sessionID), .integer(timeMs), .int(host.total), .int(host.available), .int(host.swapTotal),
            .int(host.swapFree), .int(host.cgroupUsage), .int(host.cgroupLimit),
        ])
    }
}

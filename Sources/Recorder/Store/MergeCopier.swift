/// The statements of one ``DatabaseMerge`` run, prepared once, and the copy of one session with
/// them (see ``DatabaseMerge`` for what is copied and how a session already in the target is met).
///
/// Columns are copied by name as the target's schema lists them (`pragma_table_info`), so a column
/// a later schema adds is copied too; only row ids are new and only references are remapped. Every
/// error names the file it came from: reads are translated with the source's path, writes with the
/// target's.
final class MergeCopier {
    private let source: HistoryStore
    private let target: HistoryStore

    /// Per table, the columns copied as they are: all but the row id and the remapped references.
    private let columns: [String: [String]]

    // Reads of the source.
    private let readSession: Statement
    private let readProcesses: Statement
    private let readSamples: Statement
    private let readFootprints: Statement
    private let readRegionRows: Statement
    private let readHostSamples: Statement
    private let readMarks: Statement

    // Reads and writes of the target.
    private let findSession: Statement
    private let insertSession: Statement
    private let endSession: Statement
    private let findProcess: Statement
    private let insertProcess: Statement
    private let updateProcess: Statement
    private let insertSample: Statement
    private let insertFootprint: Statement
    private let findRegion: Statement
    private let insertRegion: Statement
    private let insertRegionRow: Statement
    private let insertHostSample: Statement
    private let readTargetMarks: Statement
    private let insertMark: Statement

    /// The columns of each table that a merge does not copy as they are.
    private static let remapped: [String: Set<String>] = [
        "session": ["id"], "process": ["id", "session_id"], "sample": ["process_id"],
        "footprint_sample": ["process_id"], "region": ["id"], "region_sample": ["process_id", "region_id"],
        "host_sample": ["session_id"], "mark": ["id", "session_id"],
    ]

    /// Prepares the statements over the two databases, which have the same (current) schema.
    init(source: HistoryStore, target: HistoryStore) throws {
        self.source = source
        self.target = target
        var columns: [String: [String]] = [:]
        try target.translatingErrors {
            let read = try target.database.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid")
            for table in DatabaseMerge.copiedTables {
                let skipped = Self.remapped[table] ?? []
                columns[table] = try read.rows([.text(table)]) { $0.text(0) ?? "" }.filter { !skipped.contains($0) }
            }
        }
        self.columns = columns
        func list(_ table: String, _ alias: String = "") -> String {
            columns[table, default: []].map { "\(alias)\"\($0)\"" }.joined(separator: ", ")
        }
        func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
        func count(_ table: String) -> Int { columns[table, default: []].count }
        func assignments(_ table: String) -> String {
            columns[table, default: []].map { "\"\($0)\" = ?" }.joined(separator: ", ")
        }
        let key = DatabaseMerge.sessionKeyColumns.map { "\"\($0)\" IS ?" }.joined(separator: " AND ")

        (
            readSession, readProcesses, readSamples, readFootprints, readRegionRows, readHostSamples, readMarks
        ) = try source.translatingErrors {
            let database = source.database
            return (
                try database.prepare("SELECT \(list("session")) FROM session WHERE id = ?"),
                try database.prepare("SELECT id, \(list("process")) FROM process WHERE session_id = ? ORDER BY id"),
                try database.prepare(
                    "SELECT process_id, \(list("sample")) FROM sample WHERE time_ms BETWEEN ?1 AND ?2 ORDER BY time_ms"),
                try database.prepare(
                    """
                    SELECT f.process_id, \(list("footprint_sample", "f.")) FROM footprint_sample f
                    JOIN sample s ON s.process_id = f.process_id AND s.time_ms = f.time_ms
                    WHERE f.time_ms BETWEEN ?1 AND ?2 ORDER BY f.time_ms
                    """),
                try database.prepare(
                    """
                    SELECT rs.process_id, \(list("region", "r.")), \(list("region_sample", "rs.")) FROM region_sample rs
                    JOIN region r ON r.id = rs.region_id
                    JOIN sample s ON s.process_id = rs.process_id AND s.time_ms = rs.time_ms
                    WHERE rs.time_ms BETWEEN ?1 AND ?2 ORDER BY rs.time_ms
                    """),
                try database.prepare(
                    "SELECT \(list("host_sample")) FROM host_sample WHERE session_id = ? ORDER BY time_ms"),
                try database.prepare("SELECT \(list("mark")) FROM mark WHERE session_id = ? ORDER BY id")
            )
        }
        (
            findSession, insertSession, endSession, findProcess, insertProcess, updateProcess, insertSample,
            insertFootprint, findRegion, insertRegion, insertRegionRow, insertHostSample, readTargetMarks, insertMark
        ) = try target.translatingErrors {
            let database = target.database
            return (
                try database.prepare("SELECT id, ended_ms IS NOT NULL FROM session WHERE \(key) ORDER BY id LIMIT 1"),
                try database.prepare(
                    "INSERT INTO session (\(list("session"))) VALUES (\(marks(count("session"))))"),
                try database.prepare("UPDATE session SET \(assignments("session")) WHERE id = ? AND ended_ms IS NULL"),
                try database.prepare("SELECT id FROM process WHERE session_id = ? AND pid IS ? AND start_ticks IS ?"),
                try database.prepare(
                    "INSERT INTO process (session_id, \(list("process"))) VALUES (?, \(marks(count("process"))))"),
                // The source's row is further along when it saw the process last at or after the target's.
                try database.prepare("UPDATE process SET \(assignments("process")) WHERE id = ? AND last_seen_ms <= ?"),
                try database.prepare(
                    "INSERT OR IGNORE INTO sample (process_id, \(list("sample"))) VALUES (?, \(marks(count("sample"))))"
                ),
                try database.prepare(
                    """
                    INSERT OR IGNORE INTO footprint_sample (process_id, \(list("footprint_sample")))
                    VALUES (?, \(marks(count("footprint_sample"))))
                    """),
                try database.prepare("SELECT id FROM region WHERE label = ?"),
                try database.prepare("INSERT INTO region (\(list("region"))) VALUES (\(marks(count("region"))))"),
                try database.prepare(
                    """
                    INSERT OR IGNORE INTO region_sample (process_id, region_id, \(list("region_sample")))
                    VALUES (?, ?, \(marks(count("region_sample"))))
                    """),
                try database.prepare(
                    """
                    INSERT OR IGNORE INTO host_sample (session_id, \(list("host_sample")))
                    VALUES (?, \(marks(count("host_sample"))))
                    """),
                try database.prepare("SELECT \(list("mark")) FROM mark WHERE session_id = ?"),
                try database.prepare(
                    "INSERT INTO mark (session_id, \(list("mark"))) VALUES (?, \(marks(count("mark"))))")
            )
        }
    }

    /// Merges the source's session `sourceID` into the target, in one transaction of the target and
    /// one read transaction (one snapshot) of the source.
    func mergeSession(_ sourceID: Int64) throws -> DatabaseMerge.SessionResult {
        try source.translatingErrors {
            try source.database.inTransaction(.deferred) {
                try target.translatingErrors {
                    try target.database.inTransaction(.immediate) { try copySession(sourceID) }
                }
            }
        }
    }

    private func copySession(_ sourceID: Int64) throws -> DatabaseMerge.SessionResult {
        let sessionColumns = columns["session", default: []]
        var found: [SQLValue]?
        try forEachRow(readSession, of: source, [.integer(sourceID)]) {
            found = values($0, count: sessionColumns.count)
        }
        guard let session = found else {
            throw StoreError.noRecordings(path: source.path, detail: "no session \(sourceID)")
        }
        let endedIndex = sessionColumns.firstIndex(of: "ended_ms")
        let sourceIsOpen = endedIndex.map { session[$0] == .null } ?? true
        let key = DatabaseMerge.sessionKeyColumns.map { name in
            sessionColumns.firstIndex(of: name).map { session[$0] } ?? .null
        }
        var counts = DatabaseMerge.RowCounts()
        var existing: (id: Int64, ended: Bool)?
        try forEachRow(findSession, of: target, key) { existing = ($0.int64(0), $0.int64(1) != 0) }
        func result(_ outcome: DatabaseMerge.SessionResult.Outcome, _ targetID: Int64) -> DatabaseMerge.SessionResult {
            .init(sourceID: sourceID, targetID: targetID, outcome: outcome, added: counts, sourceIsOpen: sourceIsOpen)
        }
        if let existing, existing.ended { return result(.alreadyPresent, existing.id) }
        let sessionID: Int64
        if let existing {
            sessionID = existing.id
        } else {
            try write(insertSession, session)
            sessionID = target.database.lastInsertRowID
            counts.sessions = 1
        }

        let processes = try copyProcesses(sourceSession: sourceID, targetSession: sessionID, counts: &counts)
        try copyRows(of: processes, counts: &counts)
        try forEachRow(readHostSamples, of: source, [.integer(sourceID)]) { row in
            let changed = try write(
                insertHostSample, [.integer(sessionID)] + values(row, count: columns["host_sample", default: []].count))
            counts.hostSamples += changed
        }
        try copyMarks(sourceSession: sourceID, targetSession: sessionID, isNew: existing == nil, counts: &counts)

        guard existing != nil else { return result(.added, sessionID) }
        // A session merged before without an end takes the source's end once the source has one.
        var ended = false
        if !sourceIsOpen { ended = try write(endSession, session + [.integer(sessionID)]) > 0 }
        return result(counts.addsNothingToSession && !ended ? .alreadyPresent : .updated, sessionID)
    }

    /// Copies the processes of a session, or brings the target's rows of them up to date; returns
    /// each process's source id with its target id.
    private func copyProcesses(
        sourceSession: Int64, targetSession: Int64, counts: inout DatabaseMerge.RowCounts
    ) throws -> [(Int64, Int64)] {
        let processColumns = columns["process", default: []]
        let pid = processColumns.firstIndex(of: "pid")
        let startTicks = processColumns.firstIndex(of: "start_ticks")
        let lastSeen = processColumns.firstIndex(of: "last_seen_ms")
        var mapped: [(Int64, Int64)] = []
        try forEachRow(readProcesses, of: source, [.integer(sourceSession)]) { row in
            let sourceID = row.int64(0)
            let process = values(row, from: 1, count: processColumns.count)
            var known: Int64?
            try forEachRow(
                findProcess, of: target,
                [.integer(targetSession), pid.map { process[$0] } ?? .null, startTicks.map { process[$0] } ?? .null]
            ) { known = $0.int64(0) }
            if let known {
                try write(updateProcess, process + [.integer(known), lastSeen.map { process[$0] } ?? .null])
                mapped.append((sourceID, known))
            } else {
                try write(insertProcess, [.integer(targetSession)] + process)
                mapped.append((sourceID, target.database.lastInsertRowID))
                counts.processes += 1
            }
        }
        return mapped
    }

    /// Copies the samples, footprint samples and region rows of a session's processes (source id,
    /// target id), in one pass over the time they cover: the tables are kept in time order. A row
    /// the target has (the same process and time, and for a region row the same label and start
    /// address) is kept.
    private func copyRows(of processes: [(Int64, Int64)], counts: inout DatabaseMerge.RowCounts) throws {
        let targets = Dictionary(processes, uniquingKeysWith: { first, _ in first })
        let times = try source.translatingErrors { try source.rowTimes(of: Array(targets.keys)) }.values
        guard let first = times.map(\.lowerBound).min(), let last = times.map(\.upperBound).max() else { return }
        let window: [SQLValue] = [.integer(first), .integer(last)]
        let sampleCount = columns["sample", default: []].count
        try forEachRow(readSamples, of: source, window) { row in
            guard let process = targets[row.int64(0)] else { return }
            counts.samples += try write(insertSample, [.integer(process)] + values(row, from: 1, count: sampleCount))
        }
        let footprintCount = columns["footprint_sample", default: []].count
        try forEachRow(readFootprints, of: source, window) { row in
            guard let process = targets[row.int64(0)] else { return }
            counts.footprintSamples += try write(
                insertFootprint, [.integer(process)] + values(row, from: 1, count: footprintCount))
        }
        let regionColumns = columns["region", default: []]
        let label = regionColumns.firstIndex(of: "label") ?? 0
        let regionRowCount = columns["region_sample", default: []].count
        var regionIDs: [SQLValue: Int64] = [:]
        try forEachRow(readRegionRows, of: source, window) { row in
            guard let process = targets[row.int64(0)] else { return }
            let region = values(row, from: 1, count: regionColumns.count)
            let regionID: Int64
            if let known = regionIDs[region[label]] {
                regionID = known
            } else {
                var found: Int64?
                try forEachRow(findRegion, of: target, [region[label]]) { found = $0.int64(0) }
                if let found {
                    regionID = found
                } else {
                    try write(insertRegion, region)
                    regionID = target.database.lastInsertRowID
                    counts.regions += 1
                }
                regionIDs[region[label]] = regionID
            }
            let sizes = values(row, from: Int32(1 + regionColumns.count), count: regionRowCount)
            counts.regionSamples += try write(insertRegionRow, [.integer(process), .integer(regionID)] + sizes)
        }
    }

    /// Copies a session's marks; into a session the target had already, only the marks it lacks
    /// (a mark is its time and note: two equal marks count twice).
    private func copyMarks(
        sourceSession: Int64, targetSession: Int64, isNew: Bool, counts: inout DatabaseMerge.RowCounts
    ) throws {
        let markCount = columns["mark", default: []].count
        var present: [[SQLValue]: Int] = [:]
        if !isNew {
            try forEachRow(readTargetMarks, of: target, [.integer(targetSession)]) { row in
                present[values(row, count: markCount), default: 0] += 1
            }
        }
        try forEachRow(readMarks, of: source, [.integer(sourceSession)]) { row in
            let mark = values(row, count: markCount)
            if let left = present[mark], left > 0 {
                present[mark] = left - 1
            } else {
                try write(insertMark, [.integer(targetSession)] + mark)
                counts.marks += 1
            }
        }
    }

    /// `count` columns of the current row from column `from` on, as stored.
    private func values(_ row: Statement, from: Int32 = 0, count: Int) -> [SQLValue] {
        (0..<Int32(count)).map { row.value(from + $0) }
    }

    /// Runs `statement` (of `store`'s connection) with `arguments` and calls `body` with each row;
    /// an SQLite error of the statement is reported with `store`'s path, an error `body` throws as it is.
    private func forEachRow(
        _ statement: Statement, of store: HistoryStore, _ arguments: [SQLValue], _ body: (Statement) throws -> Void
    ) throws {
        try store.translatingErrors { try statement.bind(arguments) }
        defer { statement.reset() }
        while try store.translatingErrors({ try statement.step() }) {
            try body(statement)
        }
    }

    /// Runs a statement of the target that writes and returns the rows it changed.
    @discardableResult
    private func write(_ statement: Statement, _ arguments: [SQLValue]) throws -> Int {
        try target.translatingErrors {
            try statement.run(arguments)
            return target.database.changes
        }
    }
}

/// Copies the sessions of one memhist database into another: every session with all its rows
/// (processes, samples, footprint samples, region rows, host samples, marks), under new row ids
/// in the target, every reference between rows remapped. Nothing else is rewritten: a session
/// keeps its host, its times and its values.
///
/// A session is identified across files by its natural key, ``sessionKeyColumns``: the host it was
/// recorded on, when it started (Unix ms), the host's boot time, the interval and what it selected.
/// Two sessions that agree on all five are taken for one. For each session of the source:
/// - not in the target: it is copied (``SessionResult/Outcome/added``);
/// - in the target and ended there: nothing is copied
///   (``SessionResult/Outcome/alreadyPresent``);
/// - in the target without an end (it was merged while it still recorded, or its recorder was
///   killed): the rows the target lacks are added, each found by its own key (a process by pid and
///   start time, a sample by process and time, a region row by process, time, label and start
///   address, a host sample by time, a mark by time and note), and the session's end, and each
///   process's last sight and end, are taken from the source when it is further along
///   (``SessionResult/Outcome/updated``; `alreadyPresent` when there was nothing to add).
///
/// So merging a file again, a copy of it, or the target itself adds nothing twice, and merging a
/// file again after its recording went on adds what was recorded since.
///
/// Region labels are shared by all sessions of a file (the `region` table): a region row is
/// remapped to the target's region of the same label, which is added (with the source's kind) when
/// the target has none. A label has one kind in a database, so where the two files' kinds of a label
/// differ, the target's is kept.
///
/// Each session is copied in one transaction of the target (all of it or nothing, even if the
/// process is killed), from one snapshot of the source (a read transaction). Rows of a damaged
/// source that refer to no row (a sample of no process of the session, a region row of no sample
/// or of no region) are left out.
public struct DatabaseMerge {
    /// The columns of `session` that identify a session in any database: its natural key.
    public static let sessionKeyColumns = ["host", "started_ms", "boot_time_ms", "interval_ms", "selection"]

    /// The tables a merge copies, parents first; a test keeps this list equal to the schema's tables.
    public static let copiedTables = [
        "session", "process", "sample", "footprint_sample", "region", "region_sample", "host_sample", "mark",
    ]

    /// The database read.
    public let source: HistoryStore
    /// The database written.
    public let target: HistoryStore

    /// Prepares to merge `source` into `target`; nothing is read or written yet.
    public init(source: HistoryStore, target: HistoryStore) {
        self.source = source
        self.target = target
    }

    /// Rows added to the target, per table.
    public struct RowCounts: Sendable, Equatable {
        /// `session` rows.
        public var sessions = 0
        /// `process` rows.
        public var processes = 0
        /// `sample` rows.
        public var samples = 0
        /// `footprint_sample` rows.
        public var footprintSamples = 0
        /// `region` rows: labels the target did not have.
        public var regions = 0
        /// `region_sample` rows.
        public var regionSamples = 0
        /// `host_sample` rows.
        public var hostSamples = 0
        /// `mark` rows.
        public var marks = 0

        /// Counts of nothing.
        public init() {}

        /// Whether no row of a session's own was added (new region labels are shared, not the session's).
        var addsNothingToSession: Bool {
            sessions + processes + samples + footprintSamples + regionSamples + hostSamples + marks == 0
        }

        /// The sum of two counts, table by table.
        public static func + (left: RowCounts, right: RowCounts) -> RowCounts {
            var sum = left
            sum.sessions += right.sessions
            sum.processes += right.processes
            sum.samples += right.samples
            sum.footprintSamples += right.footprintSamples
            sum.regions += right.regions
            sum.regionSamples += right.regionSamples
            sum.hostSamples += right.hostSamples
            sum.marks += right.marks
            return sum
        }
    }

    /// What happened to one session of the source.
    public struct SessionResult: Sendable, Equatable {
        /// What the merge did with the session.
        public enum Outcome: Sendable, Equatable {
            /// It was new to the target and was copied.
            case added
            /// The target had it without an end, and rows were added to it or its end was recorded.
            case updated
            /// The target has it already: nothing was added.
            case alreadyPresent
        }

        /// The session's id in the source.
        public var sourceID: Int64
        /// Its id in the target.
        public var targetID: Int64
        /// What was done.
        public var outcome: Outcome
        /// The rows added.
        public var added: RowCounts
        /// Whether the source's copy has no end yet (still recording, or its recorder was killed):
        /// merging again later adds what it records meanwhile.
        public var sourceIsOpen: Bool
    }

    /// What a merge did, session by session.
    public struct Summary: Sendable, Equatable {
        /// One result per session of the source, in the source's order.
        public var sessions: [SessionResult] = []

        /// The sessions with `outcome`.
        public func count(_ outcome: SessionResult.Outcome) -> Int {
            sessions.filter { $0.outcome == outcome }.count
        }

        /// The rows added by the sessions with `outcome`.
        public func added(_ outcome: SessionResult.Outcome) -> RowCounts {
            sessions.filter { $0.outcome == outcome }.map(\.added).reduce(RowCounts(), +)
        }

        /// The rows added in all.
        public var added: RowCounts { sessions.map(\.added).reduce(RowCounts(), +) }

        /// The sessions copied or updated whose source has no end yet.
        public var openSessions: Int {
            sessions.filter { $0.sourceIsOpen && $0.outcome != .alreadyPresent }.count
        }
    }

    /// Merges every session of the source into the target, one transaction per session.
    ///
    /// - Throws: ``StoreError`` naming the file that failed. The sessions merged before the failure
    ///   stay in the target (each whole), and merging again skips them.
    public func run() throws -> Summary {
        let sessions = try source.translatingErrors {
            try source.database.prepare(
                "SELECT id, ended_ms IS NULL FROM session WHERE typeof(id) = 'integer' ORDER BY id"
            ).rows { (id: $0.int64(0), open: $0.int64(1) != 0) }
        }
        var summary = Summary()
        // A store merged into itself (one connection) holds every session of its own already.
        if source === target {
            summary.sessions = sessions.map {
                SessionResult(
                    sourceID: $0.id, targetID: $0.id, outcome: .alreadyPresent, added: RowCounts(),
                    sourceIsOpen: $0.open)
            }
            return summary
        }
        let copier = try MergeCopier(source: source, target: target)
        for session in sessions {
            summary.sessions.append(try copier.mergeSession(session.id))
        }
        return summary
    }
}

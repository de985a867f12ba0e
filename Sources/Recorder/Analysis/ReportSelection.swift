/// Which processes a report shows and in what order: the filters `report` and `export` share,
/// and the table's sort, folding of short-lived processes, and groups.
///
/// Everything here is a pure function of the ``ProcessReport`` values it is given.
public struct ReportSelection {
    /// A `--match` pattern that is no regular expression.
    public struct InvalidPattern: Error, CustomStringConvertible {
        /// The pattern as given.
        public var pattern: String
        /// One line a person can act on.
        public var description: String { "'\(pattern)' is not a valid regular expression" }
    }

    /// Only these pids (any of them); empty: every pid.
    public var pids: Set<Int32>
    /// Only these verdicts (any of them); empty: every verdict.
    public var verdicts: Set<Verdict>
    /// Only command lines this regular expression finds a match in (as `record --match` reads
    /// them: the name in brackets when there is no command line); nil: every command.
    public let match: String?
    private let pattern: CommandPattern?

    /// A selection of the processes that pass every filter given.
    /// - Throws: ``InvalidPattern`` when `match` is not a regular expression (as `record --match`).
    public init(pids: [Int32] = [], match: String? = nil, verdicts: [Verdict] = []) throws {
        self.pids = Set(pids)
        self.verdicts = Set(verdicts)
        self.match = match
        if let match {
            guard let pattern = CommandPattern(match) else { throw InvalidPattern(pattern: match) }
            self.pattern = pattern
        } else {
            pattern = nil
        }
    }

    /// Whether any filter is set.
    public var filters: Bool { !pids.isEmpty || !verdicts.isEmpty || pattern != nil }

    /// Whether `report` passes every filter.
    public func includes(_ report: ProcessReport) -> Bool {
        if !pids.isEmpty, !pids.contains(report.process.pid) { return false }
        if !verdicts.isEmpty, !verdicts.contains(report.trend.verdict) { return false }
        if let pattern {
            let process = report.process
            let text = process.command.isEmpty ? process.name : process.command
            guard pattern.matches(text) else { return false }
        }
        return true
    }

    /// The reports that pass every filter, in the order given.
    public func filter(_ reports: [ProcessReport]) -> [ProcessReport] {
        reports.filter(includes)
    }

    // MARK: Order

    /// The verdicts in the order the table lists them: what needs looking at first.
    public static let verdictOrder: [Verdict] = [.growing, .levelledOff, .shrinking, .stable, .insufficientData]

    /// The reports in ``verdictOrder``; growing processes by confidence, then slope, highest
    /// first; otherwise in the order given.
    public static func sorted(_ reports: [ProcessReport]) -> [ProcessReport] {
        func rank(_ verdict: Verdict) -> Int { verdictOrder.firstIndex(of: verdict) ?? verdictOrder.count }
        func key(_ value: Double) -> Double { value.isNaN ? -.infinity : value }
        return reports.enumerated().sorted { a, b in
            let (x, y) = (a.element.trend, b.element.trend)
            if rank(x.verdict) != rank(y.verdict) { return rank(x.verdict) < rank(y.verdict) }
            if x.verdict == .growing {
                if key(x.confidence) != key(y.confidence) { return key(x.confidence) > key(y.confidence) }
                if key(x.slopePerHour) != key(y.slopePerHour) { return key(x.slopePerHour) > key(y.slopePerHour) }
            }
            return a.offset < b.offset
        }.map(\.element)
    }

    // MARK: Folding

    /// The reports as table rows, with the processes too short-lived to judge folded into one
    /// row per command and session.
    ///
    /// A process folds when its verdict is `insufficient_data` and it has fewer samples of the
    /// metric than a verdict needs (`minimumSamples`, at least 3 as ``TrendOptions`` reads it),
    /// and at least one other such process has the same ``StoredProcess/shortCommand`` in the same
    /// session. The folded row takes the place of the first of them; the rest keep their order.
    public static func folded(_ reports: [ProcessReport], minimumSamples: Int) -> [ReportRow] {
        struct Key: Hashable {
            var session: Int64
            var command: String
        }
        let threshold = max(3, minimumSamples)
        func key(_ report: ProcessReport) -> Key? {
            guard report.trend.verdict == .insufficientData, report.trend.samples < threshold else { return nil }
            return Key(session: report.process.sessionID, command: report.process.shortCommand)
        }
        var members: [Key: [ProcessReport]] = [:]
        for report in reports {
            if let key = key(report) { members[key, default: []].append(report) }
        }
        var rows: [ReportRow] = []
        var placed: Set<Key> = []
        for report in reports {
            guard let key = key(report), let folded = members[key], folded.count > 1 else {
                rows.append(.process(report))
                continue
            }
            guard placed.insert(key).inserted else { continue }
            rows.append(.shortLived(.init(sessionID: key.session, command: key.command, reports: folded)))
        }
        return rows
    }

    // MARK: Groups

    /// The reports put together by command or by process tree, each group where its first
    /// process comes in `reports` (so groups of sorted reports come most urgent first).
    ///
    /// A tree is a root and its descendants among `reports`, found through
    /// ``StoredProcess/parentPid`` within a session: a process's parent is the process of that pid
    /// that started last before it (a pid may have been reused). A process whose parent is not
    /// among `reports` is a root.
    public static func grouped(_ reports: [ProcessReport], by grouping: ProcessGroup.Grouping) -> [ProcessGroup] {
        struct Key: Hashable {
            var session: Int64
            var command: String
            var root: Int?
        }
        let roots = grouping == .tree ? treeRoots(reports.map(\.process)) : []
        var groups: [ProcessGroup] = []
        var indexOf: [Key: Int] = [:]
        for (index, report) in reports.enumerated() {
            let root = grouping == .tree ? roots[index] : nil
            let command = root.map { reports[$0].process.shortCommand } ?? report.process.shortCommand
            let key = Key(session: report.process.sessionID, command: command, root: root)
            if let existing = indexOf[key] {
                groups[existing].reports.append(report)
            } else {
                indexOf[key] = groups.count
                groups.append(
                    ProcessGroup(
                        sessionID: key.session, command: command, root: root.map { reports[$0].process },
                        reports: [report]))
            }
        }
        return groups
    }

    /// For each process, the index of its tree's root in `processes`.
    static func treeRoots(_ processes: [StoredProcess]) -> [Int] {
        struct Key: Hashable {
            var session: Int64
            var pid: Int32
        }
        var byPid: [Key: [Int]] = [:]
        for (index, process) in processes.enumerated() {
            byPid[Key(session: process.sessionID, pid: process.pid), default: []].append(index)
        }
        func parent(of index: Int) -> Int? {
            let child = processes[index]
            guard let parentPid = child.parentPid,
                let candidates = byPid[Key(session: child.sessionID, pid: parentPid)]
            else { return nil }
            return
                candidates
                .filter { $0 != index && processes[$0].startTime <= child.startTime }
                .max { processes[$0].startTime < processes[$1].startTime }
        }
        return processes.indices.map { index in
            var root = index
            var seen: Set<Int> = [index]
            while let next = parent(of: root), seen.insert(next).inserted { root = next }
            return root
        }
    }
}

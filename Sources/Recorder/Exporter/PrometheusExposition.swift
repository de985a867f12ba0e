/// A recording's last tick as Prometheus metrics: what `record --textfile` writes and
/// `record --listen` serves.
///
/// Per live process, labelled `pid`, `command` (the short command line) and `start_time` (Unix
/// seconds), the sizes in bytes: resident, proportional, private, private dirty, swap and
/// anonymous. A page-walk size a status-only tick did not read keeps the value the process's last
/// page walk gave. Beside them, once the recorder has judged them, each process's verdict, growth
/// rate, confidence, forecast and top growing regions (``LiveVerdict``). Then the host's and
/// cgroup's memory, and memhist's own counters and costs.
///
/// A process that ended leaves the exposition: at the next tick, or with ``keepsEndedUntilServed``
/// once one scrape has seen it ended, so the series stay bounded by the live targets.
public struct PrometheusExposition: Sendable {
    /// Whether an ended process stays until ``served()`` was called once after it ended (an HTTP
    /// endpoint, whose scrapes may come less often than ticks); otherwise it leaves at the next tick.
    public var keepsEndedUntilServed = false
    /// The growing regions shown per process, largest growth first (`--listen-regions`).
    public var regionLimit = 5

    /// The latest values per process, by pid and start time.
    var processes: [Key: Values] = [:]
    /// Processes in order of first sight.
    var order: [Key] = []
    var host: HostMemory?
    var timeMs: Int64 = 0
    var ticks = 0
    var samples = 0
    var cost = RecorderCost()

    struct Key: Hashable {
        var pid: Int32
        var startTime: UInt64
    }

    struct Values {
        /// The command line and name it was labelled from; the label follows an exec.
        var commandLine: String
        var name: String
        /// The label set, escaped once: `pid="…",command="…",start_time="…"`.
        var labels: String
        var resident: Int?
        var proportional: Int?
        var privateBytes: Int?
        var privateDirty: Int?
        var swap: Int?
        var anonymous: Int?
        var verdict: LiveVerdict?
        /// It was not captured in the last tick: it ended.
        var ended = false
    }

    /// What memhist itself has spent, for its own metrics.
    public struct RecorderCost: Sendable, Equatable {
        /// Wall time of every tick (capture and write), seconds.
        public var tickSeconds: Double = 0
        /// The last tick's wall time, seconds.
        public var lastTickSeconds: Double = 0
        /// Time spent reading smaps and smaps_rollup (or running vmmap), seconds.
        public var pageWalkSeconds: Double = 0
        /// Live analyses done, and their CPU time in seconds.
        public var analyses = 0
        /// See ``analyses``.
        public var analysisSeconds: Double = 0
        /// When the last analysis ended, Unix ms.
        public var lastAnalysisMs: Int64?
        /// The database's size with its write-ahead log, bytes.
        public var databaseBytes: Int?
    }

    /// An exposition with nothing yet.
    public init() {}

    /// Takes the values of a stored tick; processes not captured in it have ended.
    public mutating func update(_ tick: RecordedTick) {
        var next: [Key: Values] = [:]
        var nextOrder: [Key] = []
        for capture in tick.captures {
            let identity = capture.identity
            let key = Key(pid: identity.pid, startTime: identity.startTime)
            var values =
                processes[key] ?? Values(commandLine: identity.commandLine, name: identity.name, labels: "")
            if values.labels.isEmpty || values.commandLine != identity.commandLine || values.name != identity.name {
                values.commandLine = identity.commandLine
                values.name = identity.name
                values.labels = Self.labels(identity)
            }
            let counters = capture.counters
            if capture.detail >= .rollup {
                let memory = capture.memory
                values.resident = memory.residentSize
                values.proportional = memory.proportionalSize
                values.privateBytes = memory.privateSize
                values.privateDirty = memory.privateDirtySize
                values.swap = memory.swapSize
                values.anonymous = memory.anonymousSize
            } else {
                values.resident = counters.resident ?? values.resident
                values.swap = counters.swap ?? values.swap
                values.anonymous = counters.residentAnonymous ?? values.anonymous
                values.proportional = counters.proportionalEstimate ?? values.proportional
            }
            next[key] = values
            nextOrder.append(key)
        }
        if keepsEndedUntilServed {
            for key in order where next[key] == nil {
                guard var values = processes[key] else { continue }
                values.ended = true
                next[key] = values
                nextOrder.append(key)
            }
        }
        processes = next
        order = nextOrder
        host = tick.host ?? host
        timeMs = tick.timeMs
        ticks = tick.ticks
        samples = tick.samples
        cost.tickSeconds += Double(tick.durationNs) / 1e9
        cost.lastTickSeconds = Double(tick.durationNs) / 1e9
        cost.pageWalkSeconds += Double(tick.pageWalkNs) / 1e9
    }

    /// Takes the verdicts of a live analysis that took `cpuNs` of CPU time and ended at `timeMs`.
    /// A process without a verdict in `verdicts` keeps its last one.
    public mutating func update(verdicts: [LiveVerdict.Key: LiveVerdict], cpuNs: UInt64, timeMs: Int64) {
        for (key, verdict) in verdicts {
            processes[Key(pid: key.pid, startTime: key.startTime)]?.verdict = verdict
        }
        cost.analyses += 1
        cost.analysisSeconds += Double(cpuNs) / 1e9
        cost.lastAnalysisMs = timeMs
    }

    /// Sets the database's size, shown as `memhist_database_size_bytes`.
    public mutating func update(databaseBytes: Int?) {
        cost.databaseBytes = databaseBytes
    }

    /// Notes that the exposition was served: the processes that had ended before leave it.
    public mutating func served() {
        order.removeAll { processes[$0]?.ended ?? true }
        processes = processes.filter { !$0.value.ended }
    }
}

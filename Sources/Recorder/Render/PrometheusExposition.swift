/// The last tick of a recording in Prometheus's text exposition format (version 0.0.4), for
/// `record --textfile` (node_exporter's textfile collector).
///
/// Per live process, labelled `pid`, `command` (the short command line) and `start_time` (Unix
/// seconds), the sizes in bytes: resident, proportional, private, private dirty, swap and
/// anonymous. A page-walk size a status-only tick did not read keeps the value the process's last
/// page walk gave. A process that ended is left out from the next tick on, so the series stay
/// bounded by the live targets. Then the host's and cgroup's memory, and memhist's own counters.
public struct PrometheusExposition: Sendable {
    /// The latest values per process, by pid and start time.
    private var processes: [Key: Values] = [:]
    private var order: [Key] = []
    private var host: HostMemory?
    private var timeMs: Int64 = 0
    private var ticks = 0
    private var samples = 0

    private struct Key: Hashable {
        var pid: Int32
        var startTime: UInt64
    }

    private struct Values {
        var command: String
        var startedMs: Int64?
        var resident: Int?
        var proportional: Int?
        var privateBytes: Int?
        var privateDirty: Int?
        var swap: Int?
        var anonymous: Int?
    }

    /// An exposition with nothing yet.
    public init() {}

    /// Takes the values of a stored tick; processes not captured in it leave the exposition.
    public mutating func update(_ tick: RecordedTick) {
        var next: [Key: Values] = [:]
        order = []
        for capture in tick.captures {
            let identity = capture.identity
            let key = Key(pid: identity.pid, startTime: identity.startTime)
            var values =
                processes[key]
                ?? Values(command: StoredProcess.shortened(identity.commandLine), startedMs: identity.startedMs)
            if identity.commandLine.isEmpty { values.command = "[\(identity.name)]" }
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
            order.append(key)
        }
        processes = next
        host = tick.host ?? host
        timeMs = tick.timeMs
        ticks = tick.ticks
        samples = tick.samples
    }

    /// The exposition text, ending in a newline.
    public func text() -> String {
        var out = ""
        let sizes: [(String, String, (Values) -> Int?)] = [
            ("resident_bytes", "Resident set size.", { $0.resident }),
            (
                "proportional_bytes", "Proportional set size (shared pages divided among their sharers).",
                {
                    $0.proportional
                }
            ),
            ("private_bytes", "Private clean + private dirty (USS).", { $0.privateBytes }),
            ("private_dirty_bytes", "Private dirty: memory the process wrote and alone holds.", { $0.privateDirty }),
            ("swap_bytes", "Swapped out.", { $0.swap }),
            ("anonymous_bytes", "Anonymous resident memory.", { $0.anonymous }),
        ]
        for (name, help, value) in sizes {
            out += "# HELP memhist_process_\(name) \(help)\n# TYPE memhist_process_\(name) gauge\n"
            for key in order {
                guard let values = processes[key], let bytes = value(values) else { continue }
                out += "memhist_process_\(name){\(labels(key, values))} \(bytes)\n"
            }
        }
        let hostValues: [(String, String, Int?)] = [
            ("memhist_host_memory_total_bytes", "The host's MemTotal.", host?.total),
            ("memhist_host_memory_available_bytes", "The host's MemAvailable.", host?.available),
            ("memhist_cgroup_memory_usage_bytes", "memhist's cgroup's memory usage.", host?.cgroupUsage),
            ("memhist_cgroup_memory_limit_bytes", "memhist's cgroup's memory limit.", host?.cgroupLimit),
        ]
        for (name, help, value) in hostValues {
            guard let value else { continue }
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
        }
        out += "# HELP memhist_ticks_total Ticks recorded in this session.\n# TYPE memhist_ticks_total counter\n"
        out += "memhist_ticks_total \(ticks)\n"
        out += "# HELP memhist_samples_total Process samples stored in this session.\n"
        out += "# TYPE memhist_samples_total counter\nmemhist_samples_total \(samples)\n"
        out += "# HELP memhist_last_tick_timestamp_seconds When the last tick was taken.\n"
        out += "# TYPE memhist_last_tick_timestamp_seconds gauge\n"
        out += "memhist_last_tick_timestamp_seconds \(Self.seconds(timeMs))\n"
        return out
    }

    private func labels(_ key: Key, _ values: Values) -> String {
        var labels = "pid=\"\(key.pid)\",command=\"\(Self.escaped(values.command))\""
        if let started = values.startedMs { labels += ",start_time=\"\(Self.seconds(started))\"" }
        return labels
    }

    /// Unix ms as seconds with three decimals.
    private static func seconds(_ ms: Int64) -> String {
        let sign = ms < 0 ? "-" : ""
        let magnitude = ms.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// A label value as the text format wants it: backslash, double quote and line feed escaped,
    /// and other control characters shown as visible escapes (``VisibleText``), so a hostile
    /// command line can neither break the format nor act on a terminal that shows the file.
    static func escaped(_ value: String) -> String {
        var out = ""
        for character in VisibleText.escaped(value) {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}

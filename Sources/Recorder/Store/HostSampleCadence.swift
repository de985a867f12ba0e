/// Which of a session's host readings get a `host_sample` row.
///
/// The host's memory is context for a process's trend (how long until the machine or the
/// cgroup runs out), not the thing being measured: a row every tick would cost as much as a
/// process sample while telling little more. A reading is stored when it is the session's
/// first, when ``maximumGapMs`` has passed since the last stored one, or when a value moved by
/// at least ``materialFraction`` of MemTotal (the cgroup's usage: of its limit, when it has
/// one; a total or limit that changes at all counts).
/// The store also writes the latest unstored reading when the session ends, so the series
/// reaches its last tick.
struct HostSampleCadence {
    /// The longest time between two stored readings.
    static let maximumGapMs: Int64 = 10_000
    /// A move of this fraction of MemTotal is stored at once.
    static let materialFraction = 0.01

    private var stored: (timeMs: Int64, host: HostMemory)?
    /// The latest reading that was not stored.
    private(set) var pending: (timeMs: Int64, host: HostMemory)?

    /// Whether to store `host`, read at `timeMs`; remembers the answer.
    mutating func shouldStore(_ host: HostMemory, timeMs: Int64) -> Bool {
        if let (lastMs, last) = stored, timeMs - lastMs < Self.maximumGapMs, !Self.movedMaterially(from: last, to: host)
        {
            pending = (timeMs, host)
            return false
        }
        return true
    }

    /// Records that `host`, read at `timeMs`, is now in the database.
    mutating func didStore(_ host: HostMemory, timeMs: Int64) {
        stored = (timeMs, host)
        pending = nil
    }

    private static func movedMaterially(from old: HostMemory, to new: HostMemory) -> Bool {
        if old.total != new.total || old.swapTotal != new.swapTotal || old.cgroupLimit != new.cgroupLimit {
            return true
        }
        func threshold(_ whole: Int?) -> Int { max(1, Int(Double(whole ?? 0) * materialFraction)) }
        func moved(_ a: Int?, _ b: Int?, by step: Int) -> Bool {
            switch (a, b) {
            case (nil, nil): return false
            case (let a?, let b?): return abs(a - b) >= step
            default: return true
            }
        }
        let hostStep = threshold(new.total)
        return moved(old.available, new.available, by: hostStep) || moved(old.swapFree, new.swapFree, by: hostStep)
            || moved(old.cgroupUsage, new.cgroupUsage, by: threshold(new.cgroupLimit ?? new.total))
    }
}

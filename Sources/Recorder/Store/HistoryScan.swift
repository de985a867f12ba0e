/// A region row's identity within a process: its label's id and, with `--regions mappings`,
/// the mapping's start address ('' when grouped).
struct RegionStateKey: Hashable {
    var region: Int64
    var start: String
}

/// One process's part of a one-pass read (``HistoryStore/histories(_:metric:)``): its series as
/// the rows stream by, then its regions replayed up to its first and last region capture.
struct HistoryScan {
    /// Where its samples are read; nil: nowhere (the window misses the process).
    let window: ClosedRange<Int64>?
    /// Its first sight: region rows from here on make up its region state.
    let firstSightMs: Int64

    private(set) var series = SampleSeries()
    /// False when rows came out of time order (a damaged file): the series is sorted after.
    private(set) var ordered = true
    private var lastTimeMs = Int64.min
    /// The first and last region capture in the window.
    private(set) var captures: (first: Int64, last: Int64)?

    /// Per region and mapping, its latest row so far: time, mappings, metric (nil: out of range).
    private var state: [RegionStateKey: (timeMs: Int64, mappings: Int64, value: Int64?)] = [:]
    private var firstSnapshot: RegionSnapshot?
    /// The regions at the first and last capture, once replayed.
    private(set) var snapshots: (first: RegionSnapshot, last: RegionSnapshot)?

    /// A scan of `window` that expects about `expectedRows` rows (their room is taken at once:
    /// growing the arrays row by row costs more than the rows).
    init(window: ClosedRange<Int64>?, firstSightMs: Int64, expectedRows: Int) {
        self.window = window
        self.firstSightMs = firstSightMs
        guard window != nil, expectedRows > 0 else { return }
        series.timesMs.reserveCapacity(expectedRows)
        series.values.reserveCapacity(expectedRows)
        series.residentTimesMs.reserveCapacity(expectedRows)
        series.resident.reserveCapacity(expectedRows)
        series.dirtyTimesMs.reserveCapacity(expectedRows)
        series.dirtyPlusSwap.reserveCapacity(expectedRows)
    }

    /// Adds a sample row within the window.
    mutating func add(
        timeMs: Int64, capturedRegions: Bool, value: Int64?, resident: Int64?, peak: Int64?, dirtyPlusSwap: Int64?
    ) {
        if timeMs <= lastTimeMs { ordered = false }
        lastTimeMs = timeMs
        series.append(timeMs: timeMs, value: value, resident: resident, peak: peak, dirtyPlusSwap: dirtyPlusSwap)
        if capturedRegions {
            captures = (min(captures?.first ?? timeMs, timeMs), max(captures?.last ?? timeMs, timeMs))
        }
    }

    /// Applies one region row, in time order; takes the first capture's snapshot when the rows
    /// pass it.
    mutating func replay(
        timeMs: Int64, key: RegionStateKey, mappingCount: Int64, value: Int64?,
        labels: [Int64: (label: String, kind: String)]
    ) {
        guard let captures, timeMs >= firstSightMs, timeMs <= captures.last else { return }
        if firstSnapshot == nil && timeMs > captures.first {
            firstSnapshot = snapshot(at: captures.first, labels: labels)
        }
        // The latest row wins, as a max(time) query would pick it, whatever order they come in.
        if let old = state[key], old.timeMs > timeMs { return }
        state[key] = (timeMs, mappingCount, value)
    }

    /// Takes the snapshots still due after the last region row.
    mutating func finishRegions(labels: [Int64: (label: String, kind: String)]) {
        guard let captures else { return }
        let first = firstSnapshot ?? snapshot(at: captures.first, labels: labels)
        snapshots = (first, snapshot(at: captures.last, labels: labels))
        state = [:]
    }

    /// The regions that exist in the state, the metric summed per label (a label whose sum is
    /// out of range is left out, as ``StoredRange`` has it).
    private func snapshot(at timeMs: Int64, labels: [Int64: (label: String, kind: String)]) -> RegionSnapshot {
        var sums: [Int64: Double] = [:]
        for (key, row) in state where row.mappings > 0 {
            sums[key.region, default: 0] += Double(row.value ?? 0)
        }
        var values: [String: (kind: String, bytes: Int)] = [:]
        for (region, sum) in sums {
            guard let label = labels[region], sum >= Double(StoredRange.bytes.lowerBound),
                sum <= Double(StoredRange.bytes.upperBound)
            else { continue }
            values[label.label] = (label.kind, Int(sum))
        }
        return RegionSnapshot(timeMs: timeMs, values: values)
    }
}

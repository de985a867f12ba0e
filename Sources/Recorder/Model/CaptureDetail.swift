/// How much of a process one capture reads, by what the kernel charges for it.
///
/// `/proc/PID/stat` and `status` cost microseconds; `smaps_rollup` and `smaps` walk every
/// resident page of the process while holding its memory-map lock, which stalls the
/// process's own page faults and mmap calls (tens of milliseconds for a few GiB).
public enum CaptureDetail: Int, Sendable, Comparable, CaseIterable {
    /// stat and status: VmRSS, RssAnon/File/Shmem, VmSwap, VmHWM, threads, faults.
    case status = 1
    /// and smaps_rollup: the process-metrics sizes (PSS, private/shared clean/dirty …).
    case rollup = 2
    /// and smaps: the region breakdown.
    case regions = 3

    public static func < (lhs: CaptureDetail, rhs: CaptureDetail) -> Bool { lhs.rawValue < rhs.rawValue }
}

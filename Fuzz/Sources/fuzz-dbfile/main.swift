// A whole database file, as `memhist report` and `memhist compare` open it: written to a
// scratch file, opened read-only (which upgrades a file of an older schema), then every report
// and comparison is built and rendered. Thrown errors are fine; traps are findings.
import FuzzSupport
import Recorder

#if canImport(Glibc)
import Glibc
#endif

let scratch = ScratchDirectory(prefix: "memhist-fuzz-dbfile")
let path = scratch.path + "/fuzz.db"
let windows: [(since: TimeBound?, until: TimeBound?)] = [(.beforeEnd(2_000), nil), (.absolute(0), .beforeEnd(500))]

fuzzMain { bytes in
    scratch.removeDatabase("fuzz.db")
    defer { scratch.removeDatabase("fuzz.db") }
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(fd >= 0, "cannot create \(path)")
    var written = 0
    while written < bytes.count {
        let count = write(fd, bytes.baseAddress! + written, bytes.count - written)
        precondition(count > 0, "cannot write \(path)")
        written += count
    }
    close(fd)
    guard let store = try? HistoryStore(path: path, access: .readOnly) else { return }
    ReportPath.exercise(store, windows: windows)
}

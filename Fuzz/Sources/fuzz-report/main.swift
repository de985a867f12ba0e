// The report of a crafted database: the input is a `DatabaseProgram` that fills a fresh memhist
// database with ordinary and extreme rows, then every report and comparison is built and
// rendered from it. Reading a file must never trap, whatever it holds.
import FuzzSupport
import Recorder

#if canImport(Glibc)
import Glibc
#endif

let scratch = ScratchDirectory(prefix: "memhist-fuzz-report")
// MEMHIST_FUZZ_KEEP_DB=PATH keeps the database of the last input at PATH, to read a
// reproducer's rows with sqlite3 (replay one input: fuzz-report REPRODUCER).
let kept = getenv("MEMHIST_FUZZ_KEEP_DB").map { String(cString: $0) }
let path = kept ?? scratch.path + "/fuzz.db"

fuzzMain { bytes in
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    defer { if kept == nil { scratch.removeDatabase("fuzz.db") } }
    var program = DatabaseProgram(bytes)
    var options = TrendOptions.default
    if program.reader.bool() {
        // Lower thresholds, as `--min-samples 3 --min-growth 0` give, to reach the trend code sooner.
        options.minimumSamples = 3
        options.minimumDurationMs = 0
        options.minimumAbsoluteGrowth = 0
    }
    let windows = [(program.bound(), program.bound()), (program.bound(), program.bound())]
    do {
        let store = try HistoryStore(path: path, access: .create)
        try program.fill(store.database)
        ReportPath.exercise(store, windows: windows, options: options)
    } catch {
        // A refused row or statement: not a finding.
    }
}

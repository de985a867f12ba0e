// The report of a crafted database: the input is a `DatabaseProgram` that fills a fresh memhist
// database with ordinary and extreme rows, then every report and comparison is built and
// rendered from it. Reading a file must never trap, whatever it holds.
import FuzzSupport
import Recorder

let scratch = ScratchDirectory(prefix: "memhist-fuzz-report")
let path = scratch.path + "/fuzz.db"

fuzzMain { bytes in
    scratch.removeDatabase("fuzz.db")
    defer { scratch.removeDatabase("fuzz.db") }
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

import ArgumentParser
import Recorder

/// `--fail-on VERDICT`, shared by `report` and `record`.
struct LeakGateOptions: ParsableArguments {
    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit with status 3 when a process's verdict is this one, e.g. growing (repeatable): a leak gate for CI.",
            valueName: "verdict"))
    var verdicts: [Verdict] = []

    /// The gate, when one was asked for.
    var gate: LeakGate? { verdicts.isEmpty ? nil : LeakGate(verdicts: Set(verdicts)) }

    /// Says on standard error which processes trip the gate and throws its exit status; returns
    /// when none does.
    func enforce(on reports: [ProcessReport]) throws {
        guard let gate else { return }
        let tripped = gate.tripped(by: reports)
        guard !tripped.isEmpty else { return }
        for report in tripped {
            let trend = report.trend
            let line =
                "leak gate: pid \(report.process.pid) \(report.process.shortCommand) is "
                + "\(trend.verdict.rawValue) (\(Int((trend.confidence * 100).rounded()))% confidence, "
                + "\(ByteFormat.perHour(trend.slopePerHour)), \(ByteFormat.signed(trend.growth)) of \(report.metric.title))"
            writeAll(Array("memhist: \(VisibleText.escaped(line))\n".utf8), to: 2)
        }
        throw ExitCode(LeakGate.exitStatus)
    }
}

/// A leak gate for a test pipeline: `--fail-on growing` makes `report` (or `record`) exit with
/// ``exitStatus`` when any selected process has one of the verdicts, so a CI job fails on a leak
/// of any program, as leak-checking test suites do for their own language.
public struct LeakGate: Sendable, Equatable {
    /// The status `report` and `record` exit with when the gate trips (memhist's runtime errors
    /// are 1, usage errors 64; `record -- COMMAND` exits with the command's own status first).
    public static let exitStatus: Int32 = 3

    /// The verdicts that trip it.
    public var verdicts: Set<Verdict>

    /// Creates a gate on `verdicts`.
    public init(verdicts: Set<Verdict>) {
        self.verdicts = verdicts
    }

    /// The reports whose verdict trips the gate, in their order.
    public func tripped(by reports: [ProcessReport]) -> [ProcessReport] {
        reports.filter { verdicts.contains($0.trend.verdict) }
    }
}

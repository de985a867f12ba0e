import Testing

@testable import Recorder

@Suite("report selection: filters, order, folding, groups")
struct ReportSelectionTests {
    /// A report of one process, with the parts the selection reads.
    static func report(
        pid: Int32, command: String, name: String = "x", session: Int64 = 1, parent: Int32? = 1,
        startTime: UInt64 = 0, verdict: Verdict = .stable, confidence: Double = 0.9, slope: Double = 0,
        samples: Int = 100, first: Double = 0, last: Double = 0, peak: Double = 0
    ) -> ProcessReport {
        let process = StoredProcess(
            id: Int64(pid) + session * 100_000, sessionID: session, pid: pid, startTime: startTime, parentPid: parent,
            name: name, command: command, firstSeenMs: 0, lastSeenMs: 0, endReason: nil, exitStatus: nil)
        let trend = Trend(
            samples: samples, durationMs: Int64(samples) * 1000, first: first, last: last, minimum: min(first, last),
            minimumTimeMs: 0, peak: peak, peakTimeMs: 0, growth: last - first, slopePerHour: slope,
            slopeLowPerHour: slope, slopeHighPerHour: slope, mannKendallZ: 0, pValue: 0.5, verdict: verdict,
            confidence: verdict == .insufficientData ? 0 : confidence, explanation: .tooFewPoints(0))
        return ProcessReport(
            process: process, metric: .pss, trend: trend, sampleCount: samples, peakResidentBytes: nil,
            peakResidentTimeMs: nil, kernelPeakResidentBytes: nil, dirtyFirstBytes: nil, dirtyLastBytes: nil,
            dirtyTrend: trend, forecast: .none, levels: [], regions: [])
    }

    /// A process too short-lived for a verdict.
    static func brief(_ pid: Int32, _ command: String, samples: Int = 1, session: Int64 = 1) -> ProcessReport {
        report(pid: pid, command: command, session: session, verdict: .insufficientData, samples: samples)
    }

    static let mixed = [
        report(pid: 10, command: "/usr/bin/python3 leaker.py", verdict: .growing),
        report(pid: 11, command: "/usr/bin/python3 steady.py", verdict: .stable),
        report(pid: 12, command: "", name: "kworker/0:1", verdict: .stable),
        report(pid: 13, command: "/bin/sleep 1", verdict: .insufficientData, samples: 1),
    ]

    // MARK: Short command

    @Test(
        "the executable's base name and the arguments",
        arguments: [
            ("/opt/pyenv/versions/3.11.7/bin/python3 leaker.py --rate 4", "python3 leaker.py --rate 4"),
            ("python3 leaker.py", "python3 leaker.py"), ("/bin/sleep", "sleep"), ("./loop.sh a/b", "loop.sh a/b"),
            ("nginx: worker process", "nginx: worker process"), ("/odd/ x", "/odd/ x"), ("-bash", "-bash"),
        ])
    func shortCommand(command: String, short: String) {
        #expect(Self.report(pid: 1, command: command).process.shortCommand == short)
    }

    @Test func aProcessWithoutCommandLineShowsItsNameInBrackets() {
        #expect(Self.mixed[2].process.shortCommand == "[kworker/0:1]")
    }

    // MARK: Filters

    @Test func withoutFiltersEveryProcessPasses() throws {
        let selection = try ReportSelection()
        #expect(!selection.filters)
        #expect(selection.filter(Self.mixed).map(\.process.pid) == [10, 11, 12, 13])
    }

    @Test func pidsAndVerdictsAreEachAnyOfAndTogetherAll() throws {
        #expect(try ReportSelection(pids: [11, 13]).filter(Self.mixed).map(\.process.pid) == [11, 13])
        #expect(
            try ReportSelection(verdicts: [.growing, .stable]).filter(Self.mixed).map(\.process.pid) == [10, 11, 12])
        let both = try ReportSelection(pids: [10, 13], verdicts: [.stable, .growing])
        #expect(both.filters)
        #expect(both.filter(Self.mixed).map(\.process.pid) == [10])
    }

    @Test func matchSearchesTheCommandLineOrTheNameWhenThereIsNone() throws {
        #expect(try ReportSelection(match: "py$").filter(Self.mixed).map(\.process.pid) == [10, 11])
        #expect(try ReportSelection(match: "^/usr/bin/python3 s").filter(Self.mixed).map(\.process.pid) == [11])
        #expect(try ReportSelection(match: "^kworker").filter(Self.mixed).map(\.process.pid) == [12])
        #expect(try ReportSelection(match: "python", verdicts: [.stable]).filter(Self.mixed).map(\.process.pid) == [11])
    }

    @Test func aPatternThatIsNoRegularExpressionIsRefused() {
        #expect(throws: ReportSelection.InvalidPattern.self) { try ReportSelection(match: "(unclosed") }
        #expect(throws: Never.self) { try ReportSelection(match: "-v") }
    }

    // MARK: Order

    @Test func growingFirstByConfidenceThenSlopeThenTheRestByVerdictInTheirOrder() {
        let reports = [
            Self.report(pid: 1, command: "a", verdict: .stable),
            Self.report(pid: 2, command: "b", verdict: .insufficientData),
            Self.report(pid: 3, command: "c", verdict: .growing, confidence: 0.8, slope: 900),
            Self.report(pid: 4, command: "d", verdict: .shrinking),
            Self.report(pid: 5, command: "e", verdict: .levelledOff),
            Self.report(pid: 6, command: "f", verdict: .growing, confidence: 0.95, slope: 10),
            Self.report(pid: 7, command: "g", verdict: .stable),
            Self.report(pid: 8, command: "h", verdict: .growing, confidence: 0.95, slope: 20),
            Self.report(pid: 9, command: "i", verdict: .levelledOff),
            Self.report(pid: 10, command: "j", verdict: .insufficientData),
            Self.report(pid: 11, command: "k", verdict: .growing, confidence: 0.8, slope: .nan),
        ]
        #expect(ReportSelection.sorted(reports).map(\.process.pid) == [8, 6, 3, 11, 5, 9, 4, 1, 7, 2, 10])
        #expect(ReportSelection.sorted([]).isEmpty)
    }

    // MARK: Folding

    /// The rows as text: a pid, or `command ×count`.
    static func describe(_ rows: [ReportRow]) -> [String] {
        rows.map {
            switch $0 {
            case .process(let report): return String(report.process.pid)
            case .shortLived(let folded): return "\(folded.command) ×\(folded.reports.count)"
            }
        }
    }

    @Test func shortLivedProcessesOfOneCommandFoldWhereTheFirstOfThemWas() throws {
        let reports = [
            Self.report(pid: 1, command: "/usr/bin/server", verdict: .growing),
            Self.brief(2, "/bin/sleep 1"), Self.brief(3, "/usr/bin/curl -s x", samples: 2),
            Self.brief(4, "/usr/bin/sleep 1", samples: 2), Self.brief(5, "/bin/sleep 2"),
            Self.brief(6, "/usr/bin/curl -s x"), Self.brief(7, "/bin/sleep 1", samples: 5),
        ]
        let rows = ReportSelection.folded(reports, minimumSamples: 6)
        #expect(Self.describe(rows) == ["1", "sleep 1 ×3", "curl -s x ×2", "5"])
        guard case .shortLived(let sleeps) = rows[1] else {
            Issue.record("no folded row")
            return
        }
        #expect(sleeps.reports.map(\.process.pid) == [2, 4, 7])
        #expect(sleeps.fewestSamples == 1 && sleeps.mostSamples == 5)
    }

    @Test func onlyInsufficientDataBelowTheThresholdFoldsAndOnlyInPairs() {
        let reports = [
            Self.brief(1, "sleep 1", samples: 6), Self.brief(2, "sleep 1", samples: 6),
            Self.report(pid: 3, command: "sleep 1", verdict: .stable, samples: 2),
            Self.report(pid: 4, command: "sleep 1", verdict: .stable, samples: 2),
            Self.brief(5, "curl x"),
        ]
        #expect(Self.describe(ReportSelection.folded(reports, minimumSamples: 6)) == ["1", "2", "3", "4", "5"])
        // A higher threshold: the 6-sample processes are short-lived too.
        #expect(Self.describe(ReportSelection.folded(reports, minimumSamples: 10)) == ["sleep 1 ×2", "3", "4", "5"])
        // Below 3 the threshold counts as 3, as the analysis reads it.
        let two = [Self.brief(1, "a", samples: 2), Self.brief(2, "a", samples: 2)]
        #expect(Self.describe(ReportSelection.folded(two, minimumSamples: 1)) == ["a ×2"])
    }

    @Test func sessionsFoldApart() {
        let reports = [
            Self.brief(1, "sleep 1", session: 1), Self.brief(2, "sleep 1", session: 2),
            Self.brief(3, "sleep 1", session: 1), Self.brief(4, "sleep 1", session: 2),
        ]
        let rows = ReportSelection.folded(reports, minimumSamples: 6)
        #expect(Self.describe(rows) == ["sleep 1 ×2", "sleep 1 ×2"])
        if case .shortLived(let second) = rows[1] { #expect(second.sessionID == 2) }
    }

    // MARK: Groups

    @Test func commandGroupsAddUpEachProcessAndCountVerdicts() throws {
        let reports = [
            Self.report(pid: 1, command: "/a/worker -j2", verdict: .growing, first: 10, last: 30, peak: 40),
            Self.report(pid: 2, command: "/b/worker -j2", verdict: .stable, first: 5, last: 5, peak: 6),
            Self.report(pid: 3, command: "server", verdict: .stable, first: 1, last: 2, peak: 3),
            Self.report(pid: 4, command: "/a/worker -j2", verdict: .insufficientData, samples: 0),
            Self.report(pid: 5, command: "/a/worker -j2", session: 2, verdict: .stable, first: 7, last: 7, peak: 7),
        ]
        let groups = ReportSelection.grouped(reports, by: .command)
        #expect(groups.map(\.command) == ["worker -j2", "server", "worker -j2"])
        #expect(groups.map(\.sessionID) == [1, 1, 2])
        let workers = groups[0]
        #expect(workers.processCount == 3)
        #expect(workers.measuredCount == 2)
        #expect(workers.firstBytes == 15)
        #expect(workers.lastBytes == 35)
        #expect(workers.peakBytes == 46)
        #expect(workers.growthBytes == 20)
        #expect(workers.verdictCounts == [.growing: 1, .stable: 1, .insufficientData: 1])
        #expect(workers.root == nil)
    }

    @Test func treesFollowParentPidsWithinASession() {
        let reports = [
            Self.report(pid: 100, command: "/bin/bash run.sh", parent: 1, startTime: 10),
            Self.report(pid: 101, command: "python3 app.py", parent: 100, startTime: 11, first: 1, last: 2, peak: 2),
            Self.report(pid: 102, command: "sleep 1", parent: 101, startTime: 12),
            Self.report(pid: 200, command: "other", parent: 999, startTime: 13),
            Self.report(pid: 103, command: "sleep 1", session: 2, parent: 100, startTime: 14),
        ]
        let groups = ReportSelection.grouped(reports, by: .tree)
        #expect(groups.map(\.root?.pid) == [100, 200, 103])
        #expect(groups.map(\.command) == ["bash run.sh", "other", "sleep 1"])
        #expect(groups[0].reports.map(\.process.pid) == [100, 101, 102])
        #expect(groups[0].lastBytes == 2)
    }

    @Test func aReusedPidIsTheParentOnlyOfWhatItStartedAfter() {
        // Pid 50 ran twice. 103 names pid 50 as its parent yet started before either: a root.
        let reports = [
            Self.report(pid: 50, command: "first", parent: 1, startTime: 10),
            Self.report(pid: 101, command: "child of first", parent: 50, startTime: 20),
            Self.report(pid: 50, command: "second", parent: 1, startTime: 30),
            Self.report(pid: 102, command: "child of second", parent: 50, startTime: 40),
            Self.report(pid: 103, command: "orphan", parent: 50, startTime: 5),
        ]
        let groups = ReportSelection.grouped(reports, by: .tree)
        #expect(
            groups.map { $0.reports.map(\.process.command) } == [
                ["first", "child of first"], ["second", "child of second"], ["orphan"],
            ])
    }

    @Test func aLoopOfParentsStillEnds() {
        let reports = [
            Self.report(pid: 1, command: "a", parent: 2, startTime: 0),
            Self.report(pid: 2, command: "b", parent: 1, startTime: 0),
        ]
        #expect(ReportSelection.grouped(reports, by: .tree).reduce(0) { $0 + $1.processCount } == 2)
    }

    @Test func groupsComeInTheOrderOfTheirFirstProcess() {
        let sorted = ReportSelection.sorted([
            Self.report(pid: 1, command: "quiet", verdict: .stable),
            Self.report(pid: 2, command: "leaky", verdict: .growing),
            Self.report(pid: 3, command: "quiet", verdict: .levelledOff),
        ])
        #expect(ReportSelection.grouped(sorted, by: .command).map(\.command) == ["leaky", "quiet"])
    }
}

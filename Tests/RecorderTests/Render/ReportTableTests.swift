import Foundation
import Testing

@testable import Recorder

@Suite("report table: width, commands, order, folding, sessions")
struct ReportTableTests {
    static let leakerCommand = "/opt/pyenv/versions/3.11.7/bin/python3 leaker.py --rate 4"
    static let steadyCommand = "/opt/pyenv/versions/3.11.7/bin/python3 steady.py"

    static func session(_ id: Int64, ended: Bool = true) -> SessionInfo {
        SessionInfo(
            id: id, startedMs: 1_700_000_000_000, endedMs: ended ? 1_700_000_600_000 : nil, host: "h", kernel: "k",
            pageSize: 4096, clockTicks: 100, bootTimeMs: nil, intervalMs: 1000, selection: "--tree 7",
            regionsMode: "grouped", regionsEvery: 10, memhistVersion: "test")
    }

    /// A leaker and a steady process under one interpreter, three short-lived sleeps, and one curl
    /// sampled once; in `session`.
    static func reports(session: Int64 = 1) -> [ProcessReport] {
        func report(
            _ pid: Int32, _ command: String, _ verdict: Verdict, samples: Int = 600, first mib: Double = 0,
            last lastMiB: Double = 0
        ) -> ProcessReport {
            let (first, last) = (mib * 1_048_576, lastMiB * 1_048_576)
            var report = ReportSelectionTests.report(
                pid: pid, command: command, session: session, verdict: verdict, slope: (last - first) * 6,
                samples: samples, first: first, last: last, peak: max(first, last))
            report.levels = samples > 1 ? [first, (first + last) / 2, last] : [first]
            report.trend.explanation = .tooFewPoints(Int(pid))
            return report
        }
        return [
            report(11, Self.steadyCommand, .stable, first: 10, last: 10),
            report(12, "/bin/sleep 1", .insufficientData, samples: 1, first: 1, last: 1),
            report(10, Self.leakerCommand, .growing, first: 10, last: 50),
            report(13, "/bin/sleep 1", .insufficientData, samples: 2, first: 1, last: 1),
            report(14, "/usr/bin/curl -s http://x", .insufficientData, samples: 1, first: 2, last: 2),
            report(15, "/usr/bin/sleep 1", .insufficientData, samples: 1, first: 1, last: 1),
        ]
    }

    static func renderer(_ reports: [ProcessReport], sessions: [SessionInfo] = [session(1)], width: Int = 160)
        -> ReportRenderer
    {
        var renderer = ReportRenderer(reports: reports, sessions: sessions)
        renderer.width = TableWidth(columns: width)
        return renderer
    }

    /// The lines of the table itself: from the header to the first blank line.
    static func tableLines(_ text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.contains("COMMAND") }) else { return [] }
        return Array(lines[header...].prefix { !$0.isEmpty })
    }

    // MARK: Width

    @Test(
        "the terminal's width, else COLUMNS, else 120",
        arguments: [
            (200, "80", 200), (nil, "80", 80), (0, "95", 95), (nil, nil, 120), (nil, "wide", 120), (nil, "-5", 120),
            (nil, "0", 120),
        ] as [(Int?, String?, Int)])
    func widthResolution(terminal: Int?, environment: String?, columns: Int) {
        #expect(TableWidth(terminalColumns: terminal, environmentColumns: environment).columns == columns)
    }

    @Test func theCommandColumnTakesWhatTheOthersLeaveButNeverLessThan20() {
        #expect(TableWidth(columns: 120).commandColumns(besides: [4, 10, 20]) == 120 - 34 - 6)
        #expect(TableWidth(columns: 120).commandColumns(besides: [100, 10]) == 20)
        #expect(TableWidth(columns: 0).columns == 1)
    }

    // MARK: Command column

    @Test func theShortCommandIsShownAndCutWithAnEllipsis() {
        let column = CommandColumn(width: 30)
        let cells = column.cells([
            .init(short: "python3 leaker.py --rate 4", full: Self.leakerCommand),
            .init(short: "abcdefghijklmnopqrstuvwxyz0123456789", full: "/x/abcdefghijklmnopqrstuvwxyz0123456789"),
            .init(short: "evil\u{1B}]0;x\u{07}", full: "evil\u{1B}]0;x\u{07}"),
        ])
        #expect(cells == ["python3 leaker.py --rate 4", "abcdefghijklmnopqrstuvwxyz012…", "evil\\e]0;x\\x07"])
    }

    @Test func rowsThatWouldLookAlikeShowWhereTheyDiffer() {
        let column = CommandColumn(width: 24)
        let cells = column.cells([
            .init(short: "python3 /srv/app/jobs/nightly/leaker.py --rate 4", full: "/usr/bin/python3 …leaker"),
            .init(short: "python3 /srv/app/jobs/nightly/steady.py --rate 4", full: "/usr/bin/python3 …steady"),
            .init(short: "python3 /srv/app/jobs/nightly/steady.py --rate 4", full: "/usr/bin/python3 …steady"),
        ])
        #expect(cells[0] == "python3 …leaker.py --ra…")
        #expect(cells[1] == "python3 …steady.py --ra…")
        // The same command looks the same.
        #expect(cells[2] == cells[1])
    }

    @Test func commandsThatDifferOnlyInTheExecutablesDirectoryShowIt() {
        let column = CommandColumn(width: 20)
        let cells = column.cells([
            .init(short: "python3 x.py", full: "/opt/pyenv/versions/3.11.7/bin/python3 x.py"),
            .init(short: "python3 x.py", full: "/opt/pyenv/versions/3.12.1/bin/python3 x.py"),
            .init(short: "python3 y.py", full: "/opt/pyenv/versions/3.12.1/bin/python3 y.py"),
        ])
        #expect(cells[0].contains("3.11.7") && cells[1].contains("3.12.1"), "\(cells)")
        #expect(cells[2] == "python3 y.py")
    }

    @Test func adifferenceAtTheEndIsShownWithWhatComesBefore() {
        let base = "java -cp /opt/lib/a.jar:/opt/lib/b.jar com.example.Main --port 808"
        let cells = CommandColumn(width: 24).cells([
            .init(short: base + "1", full: base + "1"), .init(short: base + "2", full: base + "2"),
        ])
        #expect(cells == ["java …e.Main --port 8081", "java …e.Main --port 8082"])
    }

    @Test func noCellIsWiderThanTheColumn() {
        var generator = SeededGenerator(seed: 7)
        let words = ["python3", "/opt/x/bin/python3", "a.py", "--rate", "4", "/very/long/path/to/some/file.txt", "-v"]
        func pick(_ count: Int) -> Int { Int(generator.next() % UInt64(count)) }
        let commands = (0..<200).map { _ in
            (0...pick(8)).map { _ in words[pick(words.count)] }.joined(separator: " ")
        }
        for width in [8, 12, 20, 33] {
            let cells = CommandColumn(width: width).cells(
                commands.map { CommandColumn.Command(short: StoredProcess.shortened($0), full: $0) })
            #expect(cells.allSatisfy { $0.count <= width })
        }
    }

    // MARK: Text table

    @Test func aSpanningCellRunsOnWithoutWideningItsColumn() {
        var table = TextTable([("A", .right), ("B", .left), ("C", .right)])
        table.add(["1", "xy", "3"])
        table.addSpanning(["", "a long spanning note"])
        #expect(table.columnWidths == [1, 2, 1])
        #expect(table.render() == "A  B   C\n1  xy  3\n   a long spanning note")
    }

    // MARK: Table

    @Test func theTableListsGrowingFirstFoldsShortLivedProcessesAndFitsTheWidth() throws {
        let text = Self.renderer(Self.reports()).render(.table)
        let lines = Self.tableLines(text)
        try #require(lines.count == 5, "\(text)")
        #expect(lines[0].hasPrefix("PID  COMMAND"))
        #expect(lines[0].hasSuffix("VERDICT (CONFIDENCE)"))
        #expect(!lines[0].contains("SESSION"))
        #expect(lines[1].hasPrefix(" 10  python3 leaker.py --rate 4 "))
        #expect(lines[1].hasSuffix("growing (90%)"))
        #expect(lines[2].hasPrefix(" 11  python3 steady.py "))
        #expect(lines[3] == "     sleep 1 (×3 short-lived, 1–2 samples each)")
        #expect(lines[4].hasPrefix(" 14  curl -s http://x "))
        #expect(lines.allSatisfy { $0.count <= 160 }, "\(lines.map(\.count))")
        // One sample has no shape: no sparkline; two or more have one.
        #expect(!lines[4].contains("▁"))
        #expect(lines[1].contains("▁▅█"))
        // Details keep the whole command; folded processes have none.
        #expect(text.contains("\n10 \(Self.leakerCommand): too few distinct points to fit a trend (10)\n"))
        #expect(!text.contains("\n12 ") && !text.contains("\n13 ") && !text.contains("\n15 "))
        #expect(text.contains("\n14 /usr/bin/curl -s http://x: 1 sample over 1.0 s: too few to judge"))
        #expect(!text.contains("1 samples"))
    }

    @Test func theCommandColumnTakesTheWidthTheOthersLeave() throws {
        let narrow = Self.tableLines(Self.renderer(Self.reports(), width: 120).render(.table))
        let header = try #require(narrow.first)
        let command = try #require(header.range(of: "COMMAND"))
        let samples = try #require(header.range(of: "SAMPLES"))
        // The other columns take 108 of 120: COMMAND gets its minimum, 20 (SAMPLES is as wide as its header).
        #expect(header.distance(from: command.lowerBound, to: samples.lowerBound) == 20 + 2)
        #expect(narrow[1].contains(" python3 leaker.py -…  "))
        // With 132, it gets 24, and the table fits.
        let fitting = Self.tableLines(Self.renderer(Self.reports(), width: 132).render(.table))
        #expect(fitting[1].contains(" python3 leaker.py --rat…  "))
        #expect(fitting.allSatisfy { $0.count <= 132 })
        let wide = Self.tableLines(Self.renderer(Self.reports(), width: 300).render(.table))
        #expect(wide[1].contains("python3 leaker.py --rate 4"))
    }

    @Test func moreThanOneSessionAddsASessionColumnAndSaysWhichIsStillRecording() throws {
        let sessions = [Self.session(1), Self.session(2, ended: false)]
        let text = Self.renderer(Self.reports(session: 1) + Self.reports(session: 2), sessions: sessions)
            .render(.table)
        #expect(text.contains("Session 2: from "))
        #expect(text.contains("still recording"))
        #expect(!text.contains("not closed"))
        let lines = Self.tableLines(text)
        #expect(lines.first?.hasPrefix("SESSION  PID  COMMAND") == true, "\(text)")
        // Growing first across both sessions; each session folds its own sleeps.
        #expect(lines[1].hasPrefix("      1   10  python3 leaker.py"))
        #expect(lines[2].hasPrefix("      2   10  python3 leaker.py"))
        #expect(lines.filter { $0.contains("sleep 1 (×3 short-lived") }.count == 2)
        #expect(text.contains("\n10 (session 2) "))
        let one = Self.renderer(Self.reports(), sessions: [Self.session(1, ended: false)]).render(.table)
        #expect(one.contains("still recording"))
        #expect(!Self.tableLines(one)[0].contains("SESSION"))
    }

    @Test func jsonAndCSVKeepEveryProcessInTheOrderGiven() throws {
        let reports = Self.reports()
        let json = try TestSupport.jsonObject(Self.renderer(reports).render(.json))
        let processes = try #require(json["processes"] as? [[String: Any]])
        #expect(processes.compactMap { $0["pid"] as? Int } == [11, 12, 10, 13, 14, 15])
        #expect(json["groups"] == nil)
        let csv = Self.renderer(reports).render(.csv).split(separator: "\n")
        #expect(csv.count == reports.count + 1)
    }

    @Test func groupsAddUpTheirProcessesAndSayWhat() throws {
        var renderer = Self.renderer(Self.reports())
        renderer.grouping = .command
        let text = renderer.render(.table)
        let lines = Self.tableLines(text)
        #expect(lines.first?.hasPrefix("COMMAND") == true, "\(text)")
        #expect(lines.first?.contains("PROCESSES") == true)
        let sleeps = try #require(lines.first { $0.hasPrefix("sleep 1 ") })
        let words = sleeps.split(separator: " ").joined(separator: " ")
        #expect(words == "sleep 1 3 3.0 MiB 3.0 MiB 3.0 MiB 0 B 3 insufficient data", "\(sleeps)")
        #expect(text.contains("add up each process's own first, last and peak value"))
        let json = try TestSupport.jsonObject(renderer.render(.json))
        #expect(json["grouping"] as? String == "command")
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.count == 4)
        #expect((json["processes"] as? [Any])?.count == 6)
        let csv = renderer.render(.csv).split(separator: "\n")
        #expect(csv.first?.hasPrefix("session,root_pid,command,metric,processes") == true)
        #expect(csv.count == 5)
        renderer.grouping = .tree
        #expect(Self.tableLines(renderer.render(.table)).first?.hasPrefix("ROOT  COMMAND") == true)
    }

    @Test func markdownFoldsAndSortsAsTheTableDoes() {
        let text = Self.renderer(Self.reports()).render(.markdown)
        #expect(text.contains("| Verdict (confidence) |"))
        #expect(text.contains("|  | `sleep 1` (×3 short-lived, 1–2 samples each) |"))
        let leaker = text.range(of: "`python3 leaker.py --rate 4`")
        let steady = text.range(of: "`python3 steady.py`")
        #expect(leaker != nil && steady != nil && leaker!.lowerBound < steady!.lowerBound)
        #expect(text.contains("## 10: \(ReportRenderer.markdownEscaped(Self.leakerCommand))"))
        #expect(!text.contains("## 12:"))
    }

    @Test func whenTheFiltersLeaveNothingTheTableSaysSo() {
        var renderer = Self.renderer([])
        #expect(renderer.render(.table) == "No processes were recorded in the selected sessions.\n")
        renderer.filteredOut = 6
        #expect(renderer.render(.table) == "None of the 6 processes of the selected sessions passes the filters.\n")
        #expect(renderer.render(.markdown) == renderer.render(.table))
    }

    @Test func aSingleLevelHasNoSparkline() {
        #expect(ReportRenderer.sparkline([5]) == "")
        #expect(ReportRenderer.sparkline([5, 6]) == "▁█")
    }
}

import Foundation
import Testing

@testable import Recorder

@Suite("report table: width, commands, order, folding, sessions")
struct ReportTableTests {
    static let leakerCommand = "/opt/pyenv/versions/3.11.7/bin/python3 leaker.py --rate 4"

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
}

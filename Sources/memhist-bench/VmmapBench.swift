import Foundation
import Recorder

#if canImport(Glibc)
import Glibc
#endif

/// Item 8: the speed of `VmmapParser` over about 10,000 regions of real vmmap output, against
/// reading the same text from a file and against counting its newlines.
enum VmmapBench {
    /// The fixture whose region lines are repeated.
    static let fixture = "Tests/RecorderTests/Fixtures/vmmap/05-format2.4-macos10.13.6-go-wide.txt"

    /// Runs item 8.
    static func run(config: BenchConfig, table: ResultTable) throws {
        let text = try makeText(regions: config.vmmapRegions)
        let path = try Files.tempPath("vmmap.txt")
        try Files.write(text, to: path)
        let raw = RawReader()
        var regions = 0
        var newlines = 0
        let results = try text.withUnsafeBufferPointer { bytes in
            try Timing.interleaved(
                runs: config.runs, targetNs: config.runTargetNs,
                [
                    { regions = try VmmapParser.parse(bytes, processCount: 1, pageSize: nil)?.regions.count ?? 0 },
                    { raw.read(path) },
                    {
                        var count = 0
                        for byte in bytes where byte == UInt8(ascii: "\n") { count += 1 }
                        newlines = count
                    },
                ])
        }
        let medians = results.map(Stats.median)
        let megabytes = Double(text.count) / 1e6
        let regionRate = Double(regions) / (medians[0] / 1e9)
        say(
            "\n### item 8: vmmap text of \(Format.count(regions)) regions, \(Format.count(newlines)) lines, "
                + "\(Format.bytes(Double(text.count)))")
        say(
            "  parse \(Format.ns(medians[0])) (\(Stats.spread(results[0]))): "
                + "\(Format.number(regionRate / 1e6, 2)) M regions/s, "
                + "\(Format.number(megabytes / (medians[0] / 1e9), 0)) MB/s")
        say(
            "  floor read file \(Format.ns(medians[1])) (\(Format.number(megabytes / (medians[1] / 1e9), 0)) MB/s); "
                + "floor newline scan \(Format.ns(medians[2])) (\(Format.number(megabytes / (medians[2] / 1e9), 0)) MB/s)"
        )
        let rates =
            "\(Format.ns(medians[0])): \(Format.number(regionRate / 1e6, 2)) M regions/s, "
            + "\(Format.number(megabytes / (medians[0] / 1e9), 0)) MB/s"
        let size = Format.bytes(Double(text.count))
        table.add(
            ResultRow(
                item: 8, what: "vmmap parse, \(Format.count(regions)) regions, \(size), vs file read",
                memhist: rates, floor: Format.ns(medians[1]), ratio: Format.ratio(medians[0] / medians[1]),
                goal: "(no goal)"))
        table.add(
            ResultRow(
                item: 8, what: "  same vs newline scan", memhist: Format.ns(medians[0]), floor: Format.ns(medians[2]),
                ratio: Format.ratio(medians[0] / medians[2]), goal: "(no goal)"))
    }

    /// The fixture's text with its region lines repeated until there are at least `regions`.
    static func makeText(regions: Int) throws -> [UInt8] {
        let path = try packageRoot() + "/" + fixture
        let lines = Files.text(path).split(separator: "\n", omittingEmptySubsequences: false)
        let isRegion = { (line: Substring) in line.contains(" SM=") && line.contains("[") }
        guard let first = lines.firstIndex(where: isRegion), let last = lines.lastIndex(where: isRegion) else {
            throw BenchError("no region lines in \(path)")
        }
        let regionLines = lines[first...last].filter(isRegion)
        var out = lines[..<first].joined(separator: "\n") + "\n"
        var count = 0
        while count < regions {
            for line in regionLines where count < regions {
                out += line + "\n"
                count += 1
            }
        }
        out += lines[(last + 1)...].joined(separator: "\n")
        return Array(out.utf8)
    }

    /// The directory with Package.swift: up from this executable, else the current directory.
    static func packageRoot() throws -> String {
        var directory = (Binaries.selfPath as NSString).deletingLastPathComponent
        while directory != "/" && !directory.isEmpty {
            if access(directory + "/Package.swift", F_OK) == 0, access(directory + "/" + fixture, F_OK) == 0 {
                return directory
            }
            directory = (directory as NSString).deletingLastPathComponent
        }
        let current = FileManager.default.currentDirectoryPath
        guard access(current + "/" + fixture, F_OK) == 0 else {
            throw BenchError("cannot find \(fixture); run from the package directory")
        }
        return current
    }
}

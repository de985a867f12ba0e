import Foundation
import Testing

/// A stand-in for macOS `vmmap`, for `memhist record --capture vmmap --vmmap PATH` on Linux: a
/// POSIX `sh` script (with awk) written into a test's temporary directory that prints a real
/// `vmmap PID` capture, fixture vmmap/05 (the Go tool on macOS 10.13.6, report format 2.4, both
/// region sections and the summary), with one MALLOC region larger on every call.
///
/// What the script does with `PID`, its one argument:
/// - refuses anything else (no argument, two, or one that is not a number) with exit status 1
///   and a message on standard error, and does not count it as a call;
/// - counts the call in the file `calls` beside it (the first call is call 0);
/// - refuses the pids it was told to, and every pid from call ``refusingFromCall`` on, with
///   `vmmap: Permission denied` on standard error and exit status 1;
/// - otherwise prints the fixture with `PID` in its `Process:` line and section titles, and its
///   `MALLOC_SMALL` region (one line, `SM=COW`, `[ 8192K 40K 40K 0K]`) grown by 4 MiB of
///   virtual, resident and dirty size per call, written as vmmap writes sizes: `K` below
///   10 MiB, `M` with one decimal from there (Fixtures/NOTES.md §1.3). The summary's
///   `MALLOC_SMALL` row says the same; the address range, the other summary rows and the MALLOC
///   ZONE table are left as captured (memhist reads the sizes from the region brackets alone).
///
/// memhist's totals are sums over the region lines, so the region's growth shows in the
/// resident, shared dirty (the region is copy-on-write) and anonymous (its name has `MALLOC`)
/// totals, and in the PSS estimate; ``residentTotal(call:)`` and its siblings predict them.
struct VmmapStandIn {
    /// The fixture the script prints.
    static let fixtureName = "05-format2.4-macos10.13.6-go-wide.txt"
    /// The region that grows; with `--regions grouped` (the default) also its only region row's label.
    static let growingRegion = "MALLOC_SMALL"
    /// Growth per call, in KiB.
    static let stepKiB = 4096
    /// The growing region's virtual size in the fixture, in KiB.
    static let fixtureVirtualKiB = 8192
    /// The growing region's resident size in the fixture, in KiB; its dirty size is the same.
    static let fixtureResidentKiB = 40

    /// Fixture 05's totals by the reference implementation (process-metrics' regex and
    /// accounting, run in Ruby over the file; the same numbers as in VmmapParserTests), in bytes.
    static let fixtureResident = 17_698_816
    static let fixtureSharedClean = 4_915_200
    static let fixtureSharedDirty = 933_888
    static let fixturePrivateClean = 2_355_200
    static let fixturePrivateDirty = 9_494_528
    static let fixtureAnonymous = 12_451_840
    /// Region lines in fixture 05.
    static let fixtureRegionLines = 47

    /// The executable script.
    let path: String
    /// The call from which every pid is refused; nil: never.
    let refusingFromCall: Int?
    private let directory: URL

    /// Writes the script and its copy of the fixture into `directory`.
    ///
    /// - Parameters:
    ///   - refusingPids: pids refused on every call, as vmmap refuses another user's process.
    ///   - refusingFromCall: from this call on (0: every call) every pid is refused.
    init(in directory: URL, refusingPids: [Int32] = [], refusingFromCall: Int? = nil) throws {
        self.directory = directory
        self.refusingFromCall = refusingFromCall
        path = directory.appendingPathComponent("vmmap").path
        let capture = try TestSupport.fixture("vmmap", Self.fixtureName)
        try capture.write(to: directory.appendingPathComponent("capture.txt"), atomically: true, encoding: .utf8)
        let script = Self.script(refusingPids: refusingPids, refusingFromCall: refusingFromCall)
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// The calls counted so far (refused ones included, bad arguments not).
    var calls: Int {
        let text = try? String(contentsOf: directory.appendingPathComponent("calls"), encoding: .utf8)
        return text.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    /// The script's text: POSIX sh, coreutils and awk only.
    private static func script(refusingPids: [Int32], refusingFromCall: Int?) -> String {
        let pids = refusingPids.map(String.init).joined(separator: " ")
        return """
            #!/bin/sh
            # A stand-in for macOS vmmap written by memhist's tests: prints the real vmmap capture in
            # capture.txt beside it for the pid given, its MALLOC_SMALL region 4 MiB larger per call.
            refuse_pids=" \(pids) "
            refuse_from=\(refusingFromCall.map(String.init) ?? "")
            if [ $# -ne 1 ]; then
                echo "usage: vmmap PID" >&2
                exit 1
            fi
            case $1 in
            '' | *[!0-9]*)
                echo "vmmap: '$1' is not a process id" >&2
                exit 1
                ;;
            esac
            here=$(dirname "$0")
            calls=$(cat "$here/calls" 2>/dev/null) || calls=0
            echo $((calls + 1)) >"$here/calls"
            case $refuse_pids in
            *" $1 "*) refused=yes ;;
            *) refused=no ;;
            esac
            if [ -n "$refuse_from" ] && [ "$calls" -ge "$refuse_from" ]; then refused=yes; fi
            if [ $refused = yes ]; then
                echo "vmmap: Permission denied" >&2
                exit 1
            fi
            exec awk -v pid="$1" -v grow=$((calls * \(stepKiB))) '
            # A size given in KiB as vmmap writes it: K below 10 MiB, M with one decimal from there.
            function size(kib) {
                return kib < 10240 ? kib "K" : sprintf("%.1fM", kib / 1024)
            }
            /^Process:/ { sub(/\\[[0-9]+\\]/, "[" pid "]") }
            /^Virtual Memory Map of process [0-9]+/ || /^==== .* for process [0-9]+/ {
                sub(/process [0-9]+/, "process " pid)
            }
            /^\(growingRegion)  / {
                virtual = size(\(fixtureVirtualKiB) + grow)
                resident = size(\(fixtureResidentKiB) + grow)
                left = index($0, "[")
                if (left > 0) {
                    # The region line: its bracket [ VSIZE RSDNT DIRTY SWAP ], columns 6 wide.
                    right = index($0, "]")
                    sizes = sprintf("%6s %6s %6s %6s", virtual, resident, resident, "0K")
                    $0 = substr($0, 1, left) sizes substr($0, right)
                } else {
                    # The summary row: the name in 32 columns, VIRTUAL in 7, the next three in 9.
                    row = sprintf("%-32s%7s%9s%9s%9s", "\(growingRegion)", virtual, resident, resident, "0K")
                    $0 = row substr($0, 67)
                }
            }
            { print }
            ' "$here/capture.txt"

            """
    }

    /// The bytes memhist reads for a size the script writes from `kib` KiB: `K` is exact, `M` is
    /// rounded to a tenth of a MiB.
    static func printedBytes(kib: Int) -> Int {
        guard kib >= 10 * 1024 else { return kib * 1024 }
        let tenths = (Double(kib) / 1024 * 10).rounded()
        return Int((tenths / 10 * 1_048_576).rounded())
    }

    /// The growing region's virtual size at call `call`, in bytes as memhist reads it.
    static func regionVirtual(call: Int) -> Int {
        printedBytes(kib: fixtureVirtualKiB + call * stepKiB)
    }

    /// The growing region's resident (and dirty) size at call `call`, in bytes as memhist reads it.
    static func regionResident(call: Int) -> Int {
        printedBytes(kib: fixtureResidentKiB + call * stepKiB)
    }

    /// How much the growing region adds to the fixture's resident, dirty and anonymous totals at `call`.
    private static func growth(call: Int) -> Int {
        regionResident(call: call) - fixtureResidentKiB * 1024
    }

    /// The process's resident total at call `call`.
    static func residentTotal(call: Int) -> Int { fixtureResident + growth(call: call) }

    /// The process's shared dirty total at call `call` (the region is `SM=COW`).
    static func sharedDirtyTotal(call: Int) -> Int { fixtureSharedDirty + growth(call: call) }

    /// The process's anonymous total at call `call` (the region's name has `MALLOC`).
    static func anonymousTotal(call: Int) -> Int { fixtureAnonymous + growth(call: call) }
}

/// The fields memhist reads from `/proc/PID/stat`.
///
/// The command name (field 2) sits in parentheses and may itself contain spaces and
/// parentheses, so the fields after it are counted from the *last* `)` of the line.
/// See proc_pid_stat(5).
public struct ProcessStat: Sendable, Hashable {
    /// Field 1.
    public var pid: Int32
    /// Field 2 without its parentheses (at most 15 bytes, the kernel's `comm`).
    public var name: String
    /// Field 3: R, S, D, Z, T …
    public var state: Character
    /// Field 4.
    public var parentPid: Int32
    /// Field 9: the kernel's PF_* flags.
    public var flags: UInt32
    /// Field 10.
    public var minorFaults: Int
    /// Field 12.
    public var majorFaults: Int
    /// Field 20.
    public var threadCount: Int
    /// Field 22: clock ticks after boot.
    public var startTicks: UInt64
    /// Field 24 in pages.
    public var residentPages: Int

    /// Whether this is a kernel thread (PF_KTHREAD), which has no address space of its own.
    public var isKernelThread: Bool { flags & 0x0020_0000 != 0 }

    /// Parses the one line of `/proc/PID/stat`.
    /// - Throws: ``CaptureError/malformedLine(source:line:text:)`` when fields are missing.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String = "stat") throws -> ProcessStat {
        let malformed = CaptureError.malformedLine(
            source: source, line: 1, text: bytes.string(0, min(bytes.count, 200)))
        guard let open = bytes.firstIndex(of: UInt8(ascii: "(")), let close = bytes.lastIndex(of: UInt8(ascii: ")")),
            open < close
        else { throw malformed }
        var head = ByteCursor(bytes, from: 0, to: open)
        head.skipSpaces()
        guard let pid = head.decimal() else { throw malformed }
        var cursor = ByteCursor(bytes, from: close + 1)
        // Fields 3 … 24, each separated by one space.
        var fields: [Range<Int>] = []
        fields.reserveCapacity(22)
        while fields.count < 22 {
            cursor.skipSpaces()
            if cursor.atEnd || cursor.current == UInt8(ascii: "\n") { break }
            fields.append(cursor.word())
        }
        guard fields.count >= 22 else { throw malformed }
        func number(_ field: Int) throws -> Int {
            let range = fields[field - 3]
            var reader = ByteCursor(bytes, from: range.lowerBound, to: range.upperBound)
            let negative = reader.skip(UInt8(ascii: "-"))
            guard let value = reader.decimal(), reader.atEnd else { throw malformed }
            return negative ? -value : value
        }
        let state = bytes.string(fields[0].lowerBound, fields[0].upperBound)
        return ProcessStat(
            pid: Int32(truncatingIfNeeded: pid), name: bytes.string(open + 1, close), state: state.first ?? "?",
            parentPid: Int32(truncatingIfNeeded: try number(4)), flags: UInt32(truncatingIfNeeded: try number(9)),
            minorFaults: try number(10),
            majorFaults: try number(12), threadCount: try number(20), startTicks: UInt64(max(0, try number(22))),
            residentPages: try number(24))
    }

    /// Parses stat text given as a String.
    public static func parse(_ text: String, source: String = "stat") throws -> ProcessStat {
        try withUTF8Bytes(of: text) { try parse($0, source: source) }
    }
}

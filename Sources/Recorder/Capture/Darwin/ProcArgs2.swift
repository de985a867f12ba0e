/// Reads the buffer macOS returns for `sysctl({CTL_KERN, KERN_PROCARGS2, pid})`:
///
///     argc (a 32-bit int, host byte order)
///     the executable path, NUL-terminated, then NUL padding
///     argv[0] … argv[argc − 1], each NUL-terminated
///     the environment strings (not read: they are not memhist's business)
///
/// The buffer is another process's memory as the kernel copied it: a process can rewrite its
/// argument area, so nothing in it is trusted. A count beyond what the buffer holds gives the
/// arguments that are there; bytes that are not UTF-8 are kept as `\xNN` (``VisibleText``).
public enum ProcArgs2 {
    /// What the buffer says.
    public struct Parsed: Sendable, Equatable {
        /// The executable path the kernel recorded at exec.
        public var executablePath: String
        /// The arguments, argv[0] first.
        public var arguments: [String]

        /// The arguments joined by spaces, as memhist stores a command line.
        public var commandLine: String { arguments.joined(separator: " ") }
    }

    /// Parses a buffer; nil when it is too short to hold the count, or the count is negative.
    public static func parse(_ bytes: [UInt8]) -> Parsed? {
        guard bytes.count >= 4 else { return nil }
        let argc = bytes.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(as: Int32.self)) }
        guard argc >= 0 else { return nil }
        var index = 4
        let path = string(in: bytes, from: &index)
        while index < bytes.count && bytes[index] == 0 { index += 1 }
        var arguments: [String] = []
        // No argument can be shorter than its NUL: a count beyond that is a lie.
        let limit = min(Int(argc), bytes.count - index)
        while arguments.count < limit && index < bytes.count {
            arguments.append(string(in: bytes, from: &index))
        }
        return Parsed(executablePath: path, arguments: arguments)
    }

    /// The string at `index` up to its NUL (or the end), leaving `index` past the NUL.
    private static func string(in bytes: [UInt8], from index: inout Int) -> String {
        let start = index
        while index < bytes.count && bytes[index] != 0 { index += 1 }
        let text = VisibleText.decoding(bytes[start..<index])
        if index < bytes.count { index += 1 }
        return text
    }
}

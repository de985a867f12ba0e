/// Reads `/proc/PID/cmdline`: the arguments separated (and usually ended) by NUL bytes.
///
/// Arguments may hold any bytes; invalid UTF-8 is replaced by U+FFFD so the text can be
/// stored and shown. A process may rewrite its own command line (setproctitle), in which
/// case the NULs may be spaces: the text is then one argument. Empty for kernel threads
/// and zombies. See proc_pid_cmdline(5).
public enum ProcessCommandLine {
    /// The arguments.
    public static func arguments(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0 { end -= 1 }
        guard end > 0 else { return [] }
        return UnsafeBufferPointer(rebasing: bytes[0..<end]).split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The arguments joined by single spaces.
    public static func joined(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        arguments(bytes).joined(separator: " ")
    }
}

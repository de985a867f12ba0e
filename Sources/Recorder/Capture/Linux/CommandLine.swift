/// Reads `/proc/PID/cmdline`: the arguments separated (and usually ended) by NUL bytes.
///
/// Arguments may hold any bytes; a byte that is not valid UTF-8 is kept as the text `\xNN`
/// (``VisibleText/decoding(_:)-(UnsafeBufferPointer<UInt8>)``) so the text can be stored and
/// shown and still says what the bytes were. A process may rewrite its own command line (setproctitle), in which
/// case the NULs may be spaces: the text is then one argument. Empty for kernel threads
/// and zombies. See proc_pid_cmdline(5).
public enum ProcessCommandLine {
    /// The arguments.
    public static func arguments(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0 { end -= 1 }
        guard end > 0 else { return [] }
        return UnsafeBufferPointer(rebasing: bytes[0..<end]).split(separator: 0, omittingEmptySubsequences: false)
            .map { VisibleText.decoding(UnsafeBufferPointer(rebasing: $0)) }
    }

    /// The arguments joined by single spaces.
    public static func joined(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        arguments(bytes).joined(separator: " ")
    }
}

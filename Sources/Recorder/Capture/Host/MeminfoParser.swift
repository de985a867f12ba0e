/// Parses `/proc/meminfo` into the host's memory totals, in bytes. See proc_meminfo(5).
public enum MeminfoParser {
    /// The fields memhist keeps; nil for a line the kernel did not print
    /// (`MemAvailable` appeared in 3.14).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> HostMemory {
        var memory = HostMemory()
        bytes.forEachLine { start, end, _ in
            guard let colon = (start..<end).first(where: { bytes[$0] == UInt8(ascii: ":") }) else { return }
            var cursor = ByteCursor(bytes, from: colon + 1, to: end)
            cursor.skipSpaces()
            guard let kilobytes = cursor.decimal(), let value = RegionSizes.bytes(kilobytes: kilobytes) else { return }
            if bytes.matches(start, colon, "MemTotal") {
                memory.total = value
            } else if bytes.matches(start, colon, "MemAvailable") {
                memory.available = value
            } else if bytes.matches(start, colon, "SwapTotal") {
                memory.swapTotal = value
            } else if bytes.matches(start, colon, "SwapFree") {
                memory.swapFree = value
            }
        }
        return memory
    }

    /// Parses meminfo text given as a String.
    public static func parse(_ text: String) -> HostMemory {
        withUTF8Bytes(of: text) { parse($0) }
    }
}

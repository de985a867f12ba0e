#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why ``VmmapParser`` refused a `vmmap` output.
///
/// Lines that are not region lines (pasted elisions, annotations, cut lines, tables) are never an
/// error: the parser skips them. These errors are for output whose numbers cannot be trusted.
/// Each description is one line that says what to do.
public enum VmmapError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The output says `Output report format:` with a version older than 2.4 (2.0–2.3: Mac OS X
    /// 10.4 to OS X 10.10). Their brackets hold one or two sizes instead of the four
    /// (virtual, resident, dirty, swap) that memhist reads. The associated value is the version
    /// as printed, e.g. `"2.3"`.
    case unsupportedReportFormat(String)
    /// The region sizes are page counts (`vmmap -pages`) and neither the output (`VM page size:`)
    /// nor the caller says how large a page is, so they cannot be turned into bytes.
    case pageSizeUnknown
    /// The number of processes captured together, which divides the proportional sizes, is
    /// below 1. The associated value is the number given.
    case invalidProcessCount(Int)
    /// A size on the given line (1-based), or a total that it adds to, does not fit in a signed
    /// 64-bit number of bytes: the output is corrupt.
    case sizeOutOfRange(line: Int)

    /// One line: what went wrong and what to do.
    public var description: String {
        switch self {
        case .unsupportedReportFormat(let version):
            return "vmmap report format \(version) is not supported (memhist reads format 2.4, "
                + "macOS 10.13 and later): capture with the vmmap of macOS 10.13 or newer"
        case .pageSizeUnknown:
            return "vmmap output is in pages (vmmap -pages) and has no 'VM page size' line: "
                + "run vmmap without -pages, or pass the page size to the parser"
        case .invalidProcessCount(let count):
            return "process count \(count) is invalid: pass the number of processes captured "
                + "together, 1 or more"
        case .sizeOutOfRange(let line):
            return "vmmap output line \(line) has a size (or adds up to one) beyond 1 EiB, so the output is corrupt: "
                + "capture it again"
        }
    }

    /// The same text as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}

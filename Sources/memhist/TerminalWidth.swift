import Recorder

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TableWidth {
    /// The width of standard output's terminal (`ioctl` `TIOCGWINSZ`), else `COLUMNS`, else
    /// ``TableWidth/fallback``.
    static var standardOutput: TableWidth {
        var size = winsize()
        let terminal =
            isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0
            ? Int(size.ws_col) : nil
        return TableWidth(terminalColumns: terminal, environmentColumns: ProcessInfo.processInfo.environment["COLUMNS"])
    }
}

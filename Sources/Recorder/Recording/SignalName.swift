#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals `record --mark-on-signal` takes, by name: those a person sends on purpose and that
/// stop nothing by themselves.
public enum SignalName {
    /// The names accepted, with or without `SIG`, any case.
    public static let markable: [(name: String, number: Int32)] = [
        ("SIGUSR1", SIGUSR1), ("SIGUSR2", SIGUSR2), ("SIGHUP", SIGHUP),
    ]

    /// The number of `text` (`USR1`, `sigusr1`, `SIGUSR1`) among ``markable``; nil for any other.
    public static func number(_ text: String) -> Int32? {
        let upper = text.uppercased()
        let name = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        return markable.first { $0.name == name }?.number
    }

    /// `SIGUSR1` for a markable signal's number; nil for any other.
    public static func name(_ number: Int32) -> String? {
        markable.first { $0.number == number }?.name
    }
}

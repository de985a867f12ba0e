import ArgumentParser
import Recorder

/// A duration typed as `250ms`, `2s`, `5m`, `1h` or plain seconds (`0.5`).
struct DurationArgument: ExpressibleByArgument {
    let milliseconds: Int64
    /// As typed, for help (`1s`, not the value's internals).
    let defaultValueDescription: String

    init?(argument: String) {
        guard let value = DurationText.milliseconds(argument) else { return nil }
        milliseconds = value
        defaultValueDescription = argument
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// A size typed as `4096`, `64K`, `10MiB`, `1G` (powers of 1024); `/s` may follow.
struct ByteSizeArgument: ExpressibleByArgument {
    let bytes: Int
    /// As typed, for help (`4MiB`).
    let defaultValueDescription: String

    init?(argument: String) {
        guard let value = DurationText.bytes(argument) else { return nil }
        bytes = value
        defaultValueDescription = argument
    }
}

/// A page-walk budget typed as `1%`, `0.5%`, `2` (percent) or `off`.
struct BudgetArgument: ExpressibleByArgument {
    /// The fraction of wall time, nil for off.
    let fraction: Double?
    /// As typed, for help (`1%`).
    let defaultValueDescription: String

    init?(argument: String) {
        let text = argument.trimmingWhitespace.lowercased()
        defaultValueDescription = argument
        if text == "off" || text == "none" {
            fraction = nil
            return
        }
        guard let percent = Double(text.hasSuffix("%") ? String(text.dropLast()) : text), percent > 0, percent <= 100
        else {
            return nil
        }
        fraction = percent / 100
    }
}

extension ListenAddress: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension ReportFormat: ExpressibleByArgument {}
extension Metric: ExpressibleByArgument {
    /// Only the measures a database records: a PromQL value comes with `--prometheus` alone.
    public init?(argument: String) {
        guard let metric = Metric(rawValue: argument), metric != .promql else { return nil }
        self = metric
    }

    public static var allValueStrings: [String] { recordedCases.map(\.rawValue) }
}
extension RegionsMode: ExpressibleByArgument {}
extension CaptureMethod: ExpressibleByArgument {}
extension SyntheticWorkload.Pattern: ExpressibleByArgument {}

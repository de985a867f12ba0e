/// One series of a range query's answer: its labels and its points.
public struct PrometheusSeries: Sendable, Equatable {
    /// The labels, `__name__` among them when the query kept the metric's name.
    public var labels: [String: String]
    /// Evaluation times, Unix ms, ascending.
    public var timesMs: [Int64] = []
    /// The value at each time. Points whose value is not a finite number, or beyond what an
    /// `Int` holds, are left out.
    public var values: [Int] = []

    /// Creates a series.
    public init(labels: [String: String], timesMs: [Int64] = [], values: [Int] = []) {
        self.labels = labels
        self.timesMs = timesMs
        self.values = values
    }

    /// The metric's name, nil when the query dropped it (`sum by (job)`, `rate(…)`).
    public var name: String? { labels["__name__"] }

    /// The series as Prometheus writes it: `name{label="value", …}`, the labels sorted by name,
    /// `{}` when there are none. Values are quoted as PromQL quotes them (`\\`, `\"`, `\n`); other
    /// control characters are kept, for the writers to escape (``VisibleText``) like every
    /// command line.
    public var labelText: String {
        let pairs = labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\"\(Self.quoted($0.value))\"" }
        let name = self.name ?? ""
        if !name.isEmpty && pairs.isEmpty { return name }
        return name + "{" + pairs.joined(separator: ", ") + "}"
    }

    /// A label value with backslash, double quote and line feed escaped.
    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Adds a point given as Prometheus sends it: Unix seconds and the value as text. A value
    /// that is NaN, infinite, not a number, or beyond `Int` is left out; the value is rounded to a
    /// whole number (bytes).
    ///
    /// - Returns: whether the point was kept.
    @discardableResult
    mutating func append(seconds: Double, value text: String) -> Bool {
        let ms = (seconds * 1000).rounded()
        guard ms.isFinite, abs(ms) < 3.2e14, let value = Double(text), value.isFinite else { return false }
        let rounded = value.rounded()
        // 2^63 is exactly representable; everything below it converts.
        guard rounded >= -9.223_372_036_854_775_808e18, rounded < 9.223_372_036_854_775_808e18 else { return false }
        timesMs.append(Int64(ms))
        values.append(Int(rounded))
        return true
    }
}

/// How wide a table may be, and what that leaves its COMMAND column.
///
/// A pure function of a width in columns: the command line works out the width (a terminal's,
/// `COLUMNS`, or ``fallback``) and passes it in.
public struct TableWidth: Sendable, Hashable {
    /// The width when neither a terminal nor `COLUMNS` says one: 120 columns.
    public static let fallback = TableWidth(columns: 120)
    /// The fewest columns the COMMAND column gets, however little the others leave.
    public static let minimumCommandColumns = 20
    /// The spaces between two columns (as ``TextTable`` renders them).
    public static let separatorColumns = 2

    /// The width in columns, at least 1.
    public let columns: Int

    /// A width of `columns` (at least 1).
    public init(columns: Int) {
        self.columns = max(1, columns)
    }

    /// The width to fit: the terminal's when standard output is one and it says (`ioctl`
    /// `TIOCGWINSZ`), else `COLUMNS` when it is a positive number, else ``fallback``.
    /// - Parameters:
    ///   - terminalColumns: The terminal's width; nil when standard output is no terminal or it
    ///     reports none (0).
    ///   - environmentColumns: The `COLUMNS` environment variable as set, if it is.
    public init(terminalColumns: Int?, environmentColumns: String?) {
        if let terminalColumns, terminalColumns > 0 {
            self.init(columns: terminalColumns)
        } else if let value = environmentColumns.flatMap({ Int($0) }), value > 0 {
            self.init(columns: value)
        } else {
            self = Self.fallback
        }
    }

    /// The width of the COMMAND column: what is left of ``columns`` once the other columns
    /// (`otherColumns`, their widths) and the spaces between all of them are taken, and at
    /// least ``minimumCommandColumns``.
    public func commandColumns(besides otherColumns: [Int]) -> Int {
        let taken = otherColumns.reduce(0, +) + otherColumns.count * Self.separatorColumns
        return max(Self.minimumCommandColumns, columns - taken)
    }
}

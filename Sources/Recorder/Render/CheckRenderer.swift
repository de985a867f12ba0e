/// Renders a ``DatabaseCheck`` for the terminal: one line per aspect checked, then the verdict.
public struct CheckRenderer {
    /// The check.
    public var check: DatabaseCheck

    /// Creates a renderer.
    public init(check: DatabaseCheck) {
        self.check = check
    }

    /// The findings as a table and a closing line, ending with a newline.
    public func render() -> String {
        var table = TextTable([("CHECK", .left), ("STATUS", .left), ("DETAIL", .left)])
        for finding in check.findings {
            table.add([finding.aspect, finding.status.rawValue, VisibleText.escaped(finding.detail)])
        }
        let verdict =
            check.isHealthy
            ? "\(VisibleText.escaped(check.path)): whole"
            : "\(VisibleText.escaped(check.path)): damaged; memhist will not record into it (copy what you "
                + "need with sqlite3 .recover)"
        return table.render() + "\n\n" + verdict + "\n"
    }
}

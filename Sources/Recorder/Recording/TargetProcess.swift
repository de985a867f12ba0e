/// A process the recording follows, and what the loop knows of it so far.
struct TargetProcess {
    /// Who it is.
    var identity: ProcessIdentity
    /// Its row in the `process` table.
    var rowID: Int64
    /// How much page walking it may be charged.
    var budget: PageWalkBudget
    /// Samples stored for it.
    var samples = 0
    /// Whether it has ended (exited, vanished, unreadable).
    var ended = false
}

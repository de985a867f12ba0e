/// Keeps a result alive, so the optimiser cannot drop the call that made it (with
/// cross-module optimisation it can see, and delete, a pure call whose result is unused,
/// together with its overflow checks).
@inline(never)
@_optimize(none)
public func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

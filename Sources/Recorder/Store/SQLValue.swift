/// A value bound to a statement parameter.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }

    /// An integer, or NULL when `value` is nil.
    public static func int<T: BinaryInteger>(_ value: T?) -> SQLValue {
        value.map { .integer(Int64($0)) } ?? .null
    }

    /// Text, or NULL when `value` is nil.
    public static func string(_ value: String?) -> SQLValue {
        value.map { .text($0) } ?? .null
    }
}

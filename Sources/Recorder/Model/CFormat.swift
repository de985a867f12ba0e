#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// printf-style text for numbers through the C library's `vsnprintf`, which needs no ICU: the
/// same digits as Foundation's `String(format:)` (binary value rounded half-to-even, as printf
/// does), without loading Foundation's internationalization libraries.
///
/// Only numeric conversions (`%d`, `%ld`, `%o`, `%x`, `%f`, `%.*f` …) belong in `format`:
/// strings and objects (`%s`, `%@`) are not passed through `CVarArg` the same way.
enum CFormat {
    /// `arguments` written by `format`.
    static func string(_ format: String, _ arguments: CVarArg...) -> String {
        withVaList(arguments) { first in
            var buffer = [CChar](repeating: 0, count: 64)
            let needed = Int(vsnprintf(&buffer, buffer.count, format, first))
            if needed < buffer.count {
                return String(decoding: buffer.prefix(max(0, needed)).map(UInt8.init(bitPattern:)), as: UTF8.self)
            }
            // Rare (a %f of a huge value): a va_list is read once, so format again from a new one.
            return withVaList(arguments) { again in
                buffer = [CChar](repeating: 0, count: needed + 1)
                let written = Int(vsnprintf(&buffer, buffer.count, format, again))
                return String(decoding: buffer.prefix(max(0, written)).map(UInt8.init(bitPattern:)), as: UTF8.self)
            }
        }
    }

    /// `value` with exactly `digits` decimals (`%.Nf`).
    static func fixed(_ value: Double, digits: Int) -> String {
        string("%.*f", Int32(digits), value)
    }
}

import Recorder

/// Decodes a fuzz input as a little program that fills a fresh memhist database with rows, some
/// ordinary and some extreme: 0, negatives, Int64.min/max, 4e18, huge and non-finite REALs,
/// text and blobs in integer columns, NULLs, unsorted and duplicate times, flipped bits and
/// dangling references (foreign keys are off while it inserts).
///
/// Layout: a header (trend options, two report windows), then operations until the input
/// ends; each operation is one byte (which table) followed by its column values, one choice
/// (and sometimes a few more bytes) per column. See `Column` for what each kind draws.
public struct DatabaseProgram {
    /// What a column holds, which decides its ordinary values.
    public enum Column: Sendable {
        /// A row id or a reference: 1 to 4.
        case id
        /// A Unix time in ms around 2025-11-24, from a clock that moves forward by 0 to 12.75 s.
        case time
        /// Bytes: multiples of 4 KiB up to 256 MiB.
        case size
        /// A small count: 0 to 255.
        case count
        /// `sample.detail`: 1 to 3.
        case detail
        /// A string: a name, command, label or kind.
        case text
    }

    public var reader: ByteReader
    private var clock: Int64 = 1_764_000_000_000
    private var previous: SQLValue = .null

    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        reader = ByteReader(bytes)
    }

    static let texts = [
        "leak", "/usr/bin/leak --size 1M", "[heap]", "[anon]", "[stack]", "/usr/lib/libc.so.6", "[anon:dalvik]",
        "file", "heap", "anonymous", "stack", "memfd", "grouped", "mappings", "", "é名\u{1F600}", "a\u{0}b",
        String(repeating: "x", count: 300), "7f0000000000", "duration",
    ]
    static let oddTexts = ["", "abc", "12", "-5", "1e400", "9223372036854775808", "0x10", " 7", "4e18", "NaN"]
    static let reals: [Double] = [1e300, -1e300, 9.3e18, -9.3e18, .infinity, -.infinity, 4e18, 0.5, -0.0, 1e-300]

    /// The value of one column.
    public mutating func value(_ column: Column) -> SQLValue {
        let selector = reader.byte()
        let result: SQLValue
        switch selector % 32 {
        case 12: result = .integer(0)
        case 13: result = .integer(-1 - Int64(reader.uint16()))
        case 14: result = .integer(.max)
        case 15: result = .integer(.min)
        case 16: result = .integer(4_000_000_000_000_000_000)
        case 17: result = .integer(reader.int64())
        case 18: result = .real(Self.reals[reader.choose(Self.reals.count)])
        case 19: result = .real(.nan)
        case 20: result = .text(Self.oddTexts[reader.choose(Self.oddTexts.count)])
        case 21: result = .blob(reader.chunk(limit: 16))
        case 22: result = .null
        case 23: result = .integer(Int64(bitPattern: 1 << UInt64(reader.byte() % 64)))
        case 24: result = .integer(Int64.max - Int64(reader.byte()))
        case 25: result = .integer(Int64.min + Int64(reader.byte()))
        case 26: result = previous
        case 27:
            // An ordinary value with one bit flipped.
            if case .integer(let number) = ordinary(column) {
                result = .integer(number ^ Int64(bitPattern: 1 << UInt64(reader.byte() % 64)))
            } else {
                result = .integer(Int64(reader.byte()))
            }
        case 28: result = .real(Double(Int64.max))
        case 29: result = .integer(Int64(Int32.max) + Int64(reader.byte()))
        default: result = ordinary(column)
        }
        previous = result
        return result
    }

    private mutating func ordinary(_ column: Column) -> SQLValue {
        switch column {
        case .id: return .integer(1 + Int64(reader.byte() % 4))
        case .time:
            clock += Int64(reader.byte()) * 50
            return .integer(clock)
        case .size: return .integer(Int64(reader.uint16()) * 4096)
        case .count: return .integer(Int64(reader.byte()))
        case .detail: return .integer(1 + Int64(reader.byte() % 3))
        case .text: return .text(Self.texts[reader.choose(Self.texts.count)])
        }
    }

    /// A report window bound as `--since`/`--until` text can give one: nil, an absolute time
    /// between the years 0 and 9999, or 0 to 9.2e15 ms before the end.
    public mutating func bound() -> TimeBound? {
        switch reader.byte() % 6 {
        case 0, 1: return nil
        case 2: return .absolute(clock + Int64(Int16(bitPattern: reader.uint16())) * 1000)
        case 3: return .absolute(-62_167_219_200_000 + Int64(reader.uint64() % 315_537_897_600_000))
        case 4: return .beforeEnd(Int64(reader.uint16()) * 100)
        default: return .beforeEnd(Int64(reader.uint64() % 9_200_000_000_000_000))
        }
    }

    /// The tables and their columns as the operations fill them (schema version 3).
    static let tables: [(name: String, columns: [(String, Column)])] = [
        (
            "session",
            [
                ("id", .id), ("started_ms", .time), ("ended_ms", .time), ("stop_reason", .text), ("host", .text),
                ("kernel", .text), ("page_size", .size), ("clock_ticks", .count), ("boot_time_ms", .time),
                ("interval_ms", .count), ("selection", .text), ("regions_mode", .text), ("regions_every", .count),
                ("memhist_version", .text),
            ]
        ),
        (
            "process",
            [
                ("id", .id), ("session_id", .id), ("pid", .count), ("start_ticks", .count), ("started_ms", .time),
                ("parent_pid", .count), ("name", .text), ("command", .text), ("executable", .text),
                ("first_seen_ms", .time), ("last_seen_ms", .time), ("end_reason", .text), ("exit_status", .count),
            ]
        ),
        (
            "sample",
            [
                ("process_id", .id), ("time_ms", .time), ("detail", .detail), ("map_count", .count),
                ("resident_size", .size), ("proportional_size", .size), ("shared_clean_size", .size),
                ("shared_dirty_size", .size), ("private_clean_size", .size), ("private_dirty_size", .size),
                ("referenced_size", .size), ("anonymous_size", .size), ("swap_size", .size),
                ("proportional_swap_size", .size), ("minor_faults", .count), ("major_faults", .count),
                ("peak_resident_size", .size), ("thread_count", .count), ("rss_anon", .size), ("rss_file", .size),
                ("rss_shmem", .size), ("vm_swap", .size),
            ]
        ),
        ("region", [("id", .id), ("label", .text), ("kind", .text)]),
        (
            "region_sample",
            [
                ("process_id", .id), ("time_ms", .time), ("region_id", .id), ("start_address", .text),
                ("mapping_count", .count), ("size", .size), ("resident_size", .size), ("proportional_size", .size),
                ("shared_clean_size", .size), ("shared_dirty_size", .size), ("private_clean_size", .size),
                ("private_dirty_size", .size), ("referenced_size", .size), ("anonymous_size", .size),
                ("swap_size", .size), ("proportional_swap_size", .size),
            ]
        ),
        (
            "host_sample",
            [
                ("session_id", .id), ("time_ms", .time), ("mem_total", .size), ("mem_available", .size),
                ("swap_total", .size), ("swap_free", .size), ("cgroup_usage", .size), ("cgroup_limit", .size),
            ]
        ),
    ]

    /// Runs the program against `database`: the operations until the input ends, in one
    /// transaction. A row that SQLite refuses (a NOT NULL column given NULL …) is skipped.
    public mutating func fill(_ database: Database) throws {
        try database.execute("PRAGMA foreign_keys = OFF")
        let inserts = try Self.tables.map { table in
            try database.prepare(
                "INSERT OR REPLACE INTO \(table.name) (\(table.columns.map(\.0).joined(separator: ", "))) VALUES ("
                    + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")")
        }
        try database.execute("BEGIN")
        var operations = 0
        while !reader.isAtEnd && operations < 512 {
            operations += 1
            let operation = Int(reader.byte()) % (Self.tables.count + 1)
            if operation < Self.tables.count {
                let values = Self.tables[operation].columns.map { value($0.1) }
                try? inserts[operation].run(values)
            } else {
                try series(inserts[2], inserts[4])
            }
        }
        try database.execute("COMMIT")
    }

    /// An ordinary run of samples of one process (a steady leak with noise), with region rows
    /// at its first and last sample: what a recording writes, for the other operations to spoil.
    private mutating func series(_ sample: Statement, _ regionSample: Statement) throws {
        let process = value(.id)
        let count = Int(reader.byte() % 64)
        let step = Int64(reader.byte()) * 100
        let base = Int64(reader.uint16()) * 4096
        let slope = Int64(Int8(bitPattern: reader.byte())) * 4096
        for index in 0..<count {
            clock += step
            let size = base + slope * Int64(index) + Int64(reader.byte()) * 4096
            let detail: Int64 = index == 0 || index == count - 1 ? 3 : 2
            var row: [SQLValue] = [process, .integer(clock), .integer(detail), .integer(10)]
            row += Array(repeating: SQLValue.integer(size), count: 10)
            row += [.integer(Int64(index)), 0, .integer(size), 4, .null, .null, .null, .null]
            try? sample.run(row)
            if detail == 3 {
                for region in 1...2 {
                    var regionRow: [SQLValue] = [process, .integer(clock), .integer(Int64(region)), "", 1]
                    regionRow += Array(repeating: SQLValue.integer(size / Int64(region)), count: 11)
                    try? regionSample.run(regionRow)
                }
            }
        }
    }
}

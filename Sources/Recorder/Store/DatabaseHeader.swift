/// The first 100 bytes of an SQLite database file, read without SQLite, so that a file can be
/// judged (not SQLite, another application's, a newer memhist's, visibly damaged) before SQLite
/// opens it and perhaps writes to it.
///
/// See <https://www.sqlite.org/fileformat.html#the_database_header>.
struct DatabaseHeader: Sendable, Equatable {
    /// The header's length.
    static let size = 100
    /// How many bytes a caller should read: the header and the b-tree header of page 1 that
    /// follows it (which says whether the file holds any table at all).
    static let bytesToRead = 108

    /// Bytes per page.
    var pageSize: Int
    /// 1: rollback journal; 2: write-ahead log (bytes 18 and 19).
    var writeVersion: UInt8
    /// See ``writeVersion``.
    var readVersion: UInt8
    /// `PRAGMA user_version`.
    var userVersion: Int
    /// `PRAGMA application_id`.
    var applicationID: Int32
    /// Cells on page 1 (the schema table's first page) when it is a leaf page; nil when it is an
    /// interior page or the bytes were not read. 0 means the file holds no table, index or view.
    var schemaLeafCells: Int?

    /// Whether the file uses a write-ahead log.
    var usesWriteAheadLog: Bool { writeVersion == 2 || readVersion == 2 }

    /// Why a header is not a sound SQLite header.
    enum Problem: Error, Equatable {
        /// It does not start with `SQLite format 3\0`, or is shorter than 100 bytes.
        case notSQLite
        /// It starts like SQLite but a field no SQLite writes is there.
        case damaged(String)
    }

    /// Reads a header from the first bytes of a file.
    ///
    /// - Parameter fileSize: the file's size, checked to be a whole number of pages.
    /// - Throws: ``Problem``.
    init(_ bytes: [UInt8], fileSize: Int) throws(Problem) {
        guard bytes.count >= Self.size, bytes.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw .notSQLite
        }
        func bigEndian(_ offset: Int, _ count: Int) -> UInt32 {
            bytes[offset..<offset + count].reduce(0) { $0 << 8 | UInt32($1) }
        }
        let rawPageSize = Int(bigEndian(16, 2))
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pageSize >= 512, pageSize <= 65_536, pageSize & (pageSize - 1) == 0 else {
            throw .damaged("page size \(rawPageSize)")
        }
        guard (1...2).contains(bytes[18]), (1...2).contains(bytes[19]) else {
            throw .damaged("file format \(bytes[18]).\(bytes[19])")
        }
        // The payload fractions must be 64, 32 and 32; reserved space leaves at least 480 bytes.
        guard bytes[21] == 64, bytes[22] == 32, bytes[23] == 32, pageSize - Int(bytes[20]) >= 480 else {
            throw .damaged("page layout bytes")
        }
        guard fileSize % pageSize == 0 else {
            throw .damaged("its size, \(fileSize) bytes, is not a whole number of \(pageSize)-byte pages")
        }
        self.pageSize = pageSize
        writeVersion = bytes[18]
        readVersion = bytes[19]
        userVersion = Int(bigEndian(60, 4))
        applicationID = Int32(bitPattern: bigEndian(68, 4))
        // Page 1's b-tree header follows the file header: type 13 is a table leaf.
        if bytes.count >= Self.bytesToRead, bytes[100] == 13 {
            schemaLeafCells = Int(bigEndian(103, 2))
        }
    }
}

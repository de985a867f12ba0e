/// Reads a fuzz input as a stream of choices: past the end every read gives zero, so any input
/// decodes to something.
public struct ByteReader {
    public let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var offset = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { offset >= bytes.count }
    public var remaining: Int { max(0, bytes.count - offset) }

    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func bool() -> Bool { byte() & 1 == 1 }

    public mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }

    public mutating func uint32() -> UInt32 { UInt32(uint16()) | UInt32(uint16()) << 16 }

    public mutating func uint64() -> UInt64 { UInt64(uint32()) | UInt64(uint32()) << 32 }

    public mutating func int64() -> Int64 { Int64(bitPattern: uint64()) }

    /// A number in `0..<count`.
    public mutating func choose(_ count: Int) -> Int { count <= 1 ? 0 : Int(byte()) % count }

    /// Up to `limit` bytes: a length byte, then the bytes.
    public mutating func chunk(limit: Int = 255) -> [UInt8] {
        let length = min(Int(byte()), limit, remaining)
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    /// The rest of the input.
    public mutating func rest() -> UnsafeBufferPointer<UInt8> {
        guard offset < bytes.count else { return UnsafeBufferPointer(start: nil, count: 0) }
        defer { offset = bytes.count }
        return UnsafeBufferPointer(rebasing: bytes[offset...])
    }
}

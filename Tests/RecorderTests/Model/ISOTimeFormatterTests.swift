import Foundation
import Testing

@testable import Recorder

@Suite("ISO-8601 times by arithmetic")
struct ISOTimeFormatterTests {
    static let zones = [
        "UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Kiritimati",
    ]

    /// Foundation's formatter, the reference.
    static func reference(_ ms: Int64, _ zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    @Test(arguments: zones)
    func itWritesWhatFoundationWrites(zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        var formatter = ISOTimeFormatter(timeZone: ClockZone(zone))
        var generator = SeededGenerator(seed: 7)
        // Random times from 1970 to 2100, times around daylight-saving changes, and edges.
        var times: [Int64] = [0, 1, 999, 1000, 86_399_999, 951_782_400_000, 4_102_444_799_999]
        for _ in 0..<3000 { times.append(Int64(generator.unit() * 4_102_444_800_000)) }
        var date = Date(timeIntervalSince1970: 1_700_000_000)
        for _ in 0..<6 {
            guard let change = zone.nextDaylightSavingTimeTransition(after: date) else { break }
            let ms = Int64((change.timeIntervalSince1970 * 1000).rounded())
            times += [ms - 1, ms, ms + 1, ms - 900_000, ms + 900_000]
            date = change.addingTimeInterval(60)
        }
        for time in times {
            #expect(formatter.string(time) == Self.reference(time, zone), "\(time) in \(zoneName)")
        }
    }

    @Test func civilDatesMatchTheCalendar() {
        #expect(ISOTimeFormatter.civil(fromDays: 0) == (1970, 1, 1))
        #expect(ISOTimeFormatter.civil(fromDays: -1) == (1969, 12, 31))
        #expect(ISOTimeFormatter.civil(fromDays: 11_016) == (2000, 2, 29))
        #expect(ISOTimeFormatter.civil(fromDays: 2_932_896) == (9999, 12, 31))
    }
}

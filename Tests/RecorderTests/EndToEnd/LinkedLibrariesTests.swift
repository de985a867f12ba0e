import Foundation
import Testing

/// memhist starts in a few milliseconds only while it loads no ICU: Foundation's
/// internationalization libraries and their ICU take most of a start-up to load and relocate.
@Suite("end to end: the executable links no ICU")
struct LinkedLibrariesTests {
    #if os(Linux)
    /// The libraries `ldd` says the built memhist loads, by file name.
    static func loadedLibraries() throws -> [String] {
        let run = try TestSupport.run("/usr/bin/env", ["ldd", TestSupport.memhistPath])
        try #require(run.status == 0, "ldd failed: \(run.stderr)")
        return run.stdout.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
    }

    @Test func itLoadsNeitherFoundationInternationalizationNorICU() throws {
        let libraries = try Self.loadedLibraries()
        // The list is real: the C library is always there.
        #expect(libraries.contains { $0.hasPrefix("libc.so") })
        for library in libraries {
            let name = library.lowercased()
            #expect(!name.contains("icu"), "memhist loads \(library)")
            #expect(!name.contains("foundationinternationalization"), "memhist loads \(library)")
            #expect(!name.contains("foundationnetworking"), "memhist loads \(library)")
            #expect(!name.contains("curl"), "memhist links \(library); it loads libcurl with dlopen only")
            #expect(name != "libfoundation.so", "memhist loads \(library)")
        }
    }

    @Test func itCarriesNoStaticallyLinkedICU() throws {
        // A statically linked ICU brings its data table, named icudt<version>_dat.
        let binary = try Data(contentsOf: URL(fileURLWithPath: TestSupport.memhistPath))
        #expect(binary.range(of: Data("icudt".utf8)) == nil)
    }
    #endif
}

import Foundation
import Recorder
import Testing

/// Tests of ``VmmapParser`` on real `vmmap` output (Fixtures/vmmap, see SOURCES.md there) and on
/// focused lines for each edge case.
///
/// Every expected total below was computed independently of this parser: by the reference
/// implementation's own code (process-metrics `Memory::Darwin`: its `LINE` regex, `parse_size`
/// and accounting) run with Ruby 3.1 over the same text, with each bracket size multiplied by the
/// page size for `-pages` output. A differential run of that Ruby code and this parser over
/// 90,000 generated near-region lines found no difference in what is read or how.
@Suite("vmmap output parser")
struct VmmapParserTests {
    // MARK: - Fixtures

    /// What a fixture must give.
    enum Outcome: Sendable {
        /// ``VmmapError/unsupportedReportFormat(_:)`` with this version.
        case refused(String)
        /// No region line: nil.
        case noCapture
        /// A capture with these totals and facts.
        case capture(Expected)
    }

    /// The facts of an expected capture.
    struct Expected: Sendable {
        var memory: MemoryUsage
        var regionCount: Int
        var reportFormat: String?
        var pageSize: Int?
        var summaryRegionCount: Int?
        var inPages = false
        /// The page size to pass to the parser (only for `-pages` output without the line).
        var pageSizeArgument: Int?
    }

    /// Totals from the Ruby reference (see the type's documentation); nothing here was copied
    /// from this parser's output.
    static let expectations: [String: Outcome] = [
        "01-format2.0-macosx-ppc-git-fast-import-mailwrapped": .refused("2.0"),
        "02-format2.2-osx-python-default-elided": .refused("2.2"),
        "03-format2.2-osx-python-resident-flag": .refused("2.2"),
        "04-format2.3-osx10.10.5-ocspd-snipped": .refused("2.3"),
        "05-format2.4-macos10.13.6-go-wide": .capture(
            Expected(
                memory: usage(
                    maps: 47, resident: 17_698_816, sharedClean: 4_915_200, sharedDirty: 933_888,
                    privateClean: 2_355_200, privateDirty: 9_494_528, anonymous: 12_451_840, swap: 0),
                regionCount: 47, reportFormat: "2.4", pageSize: 4096, summaryRegionCount: 432)),
        // -pages: the reference's numbers with every bracket count × 4096 (its VM page size line).
        "06-format2.4-macos10.14.4-pages-flag-writable-only-indented": .capture(
            Expected(
                memory: usage(
                    maps: 47, resident: 1_286_144, sharedClean: 995_328, sharedDirty: 147_456,
                    privateClean: 0, privateDirty: 114_688, anonymous: 106_496, swap: 0),
                regionCount: 47, reportFormat: "2.4", pageSize: 4096, summaryRegionCount: 98, inPages: true)),
        // -interleaved, -pages, no header: counts × 4096 passed by the caller.
        "07-format2.4-macos-docker-compose-interleaved-pages": .capture(
            Expected(
                memory: usage(
                    maps: 27, resident: 9_355_264, sharedClean: 9_240_576, sharedDirty: 106_496,
                    privateClean: 0, privateDirty: 8192, anonymous: 102_400, swap: 11_190_272),
                regionCount: 27, pageSize: 4096, inPages: true, pageSizeArgument: 4096)),
        "08-format2.4-macos10.1x-bash-writable-section": .capture(
            Expected(
                memory: usage(
                    maps: 48, resident: 1_769_472, sharedClean: 970_752, sharedDirty: 798_720,
                    privateClean: 0, privateDirty: 0, anonymous: 557_056, swap: 0),
                regionCount: 48)),
        // 5 of 10 region lines are damaged in the Go comment (`r--/rwSM=COW`); the reference reads 5.
        "09-format2.4-macos13.3.1-arm64-gopls-go-comment-mangled": .capture(
            Expected(
                memory: usage(
                    maps: 5, resident: 7_553_024, sharedClean: 7_536_640, sharedDirty: 16384,
                    privateClean: 0, privateDirty: 0, anonymous: 16384, swap: 0),
                regionCount: 5, reportFormat: "2.4", pageSize: 16384)),
        "12-format2.4-macos15-sequoia-x86_64-submap-excerpt": .capture(
            Expected(
                memory: usage(
                    maps: 9, resident: 10_933_862, sharedClean: 10_929_766, sharedDirty: 4096,
                    privateClean: 0, privateDirty: 0, anonymous: 0, swap: 0),
                regionCount: 9)),
        "14-summary-only-greptimedb-coremedia-swapped-excerpt": .noCapture,
        "15-summary-only-php-src-2019-excerpt": .noCapture,
        "16-format2.4-macos10.15-catalina-rbspy-truncated-paths-excerpt": .capture(
            Expected(
                memory: usage(
                    maps: 9, resident: 69632, sharedClean: 49152, sharedDirty: 20480,
                    privateClean: 0, privateDirty: 0, anonymous: 0, swap: 0),
                regionCount: 9)),
        "17-header-macos26.4-debugserver-physfootprint-elided": .noCapture,
    ]

    @Test(
        "each fixture reads to the reference's totals",
        arguments: [
            "01-format2.0-macosx-ppc-git-fast-import-mailwrapped",
            "02-format2.2-osx-python-default-elided",
            "03-format2.2-osx-python-resident-flag",
            "04-format2.3-osx10.10.5-ocspd-snipped",
            "05-format2.4-macos10.13.6-go-wide",
            "06-format2.4-macos10.14.4-pages-flag-writable-only-indented",
            "07-format2.4-macos-docker-compose-interleaved-pages",
            "08-format2.4-macos10.1x-bash-writable-section",
            "09-format2.4-macos13.3.1-arm64-gopls-go-comment-mangled",
            "12-format2.4-macos15-sequoia-x86_64-submap-excerpt",
            "14-summary-only-greptimedb-coremedia-swapped-excerpt",
            "15-summary-only-php-src-2019-excerpt",
            "16-format2.4-macos10.15-catalina-rbspy-truncated-paths-excerpt",
            "17-header-macos26.4-debugserver-physfootprint-elided",
        ])
    func fixture(name: String) throws {
        let text = try Self.fixture(name)
        let outcome = try #require(Self.expectations[name])
        switch outcome {
        case .refused(let version):
            #expect(throws: VmmapError.unsupportedReportFormat(version)) { try VmmapParser.parse(text) }
        case .noCapture:
            #expect(try VmmapParser.parse(text) == nil)
        case .capture(let expected):
            let capture = try #require(try VmmapParser.parse(text, pageSize: expected.pageSizeArgument))
            #expect(capture.memory == expected.memory)
            #expect(capture.regions.count == expected.regionCount)
            #expect(capture.reportFormat == expected.reportFormat)
            #expect(capture.pageSize == expected.pageSize)
            #expect(capture.summaryRegionCount == expected.summaryRegionCount)
            #expect(capture.sizesWereInPages == expected.inPages)
            #expect(capture.memory.referencedSize == 0)
            // The same bytes through the Data overload read the same.
            #expect(try VmmapParser.parse(Data(text.utf8), pageSize: expected.pageSizeArgument) == capture)
        }
    }

    @Test("every vmmap fixture has an expectation")
    func everyFixtureIsCovered() throws {
        let known = try #require(
            Bundle.module.url(
                forResource: "05-format2.4-macos10.13.6-go-wide", withExtension: "txt", subdirectory: "Fixtures/vmmap"))
        let files = try FileManager.default.contentsOfDirectory(atPath: known.deletingLastPathComponent().path)
        let names = Set(files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) })
        #expect(!names.isEmpty)
        #expect(names == Set(Self.expectations.keys))
    }

    @Test("fixture regions keep names, addresses, permissions, modes and details")
    func fixtureRegionFields() throws {
        let wide = try #require(try VmmapParser.parse(Self.fixture("05-format2.4-macos10.13.6-go-wide")))
        let first = try #require(wide.regions.first)
        #expect(first.name == "__TEXT")
        #expect(first.start == 0x1_000_000 && first.end == 0x1a7_c000)
        #expect(first.virtualSize == 11_010_048 && first.residentSize == 4528 * 1024)
        #expect(first.currentPermissions == "r-x" && first.maximumPermissions == "rwx")
        #expect(first.sharingMode == "COW" && first.purgeMode == nil)
        #expect(first.detail == "/usr/local/go/bin/go")
        #expect(wide.regions.contains { $0.name == "MALLOC_TINY (empty)" })
        #expect(wide.physicalFootprint == 10_695_475)  // 10.2M
        #expect(wide.physicalFootprintPeak == 12_792_627)  // 12.2M

        let comment = try #require(
            try VmmapParser.parse(Self.fixture("09-format2.4-macos13.3.1-arm64-gopls-go-comment-mangled")))
        #expect(
            comment.regions.map(\.name) == [
                "__TEXT", "MALLOC metadata", "MALLOC guard page", "MALLOC guard page", "MALLOC guard page",
            ])
        #expect(comment.regions[0].start == 0x1_029a_0000)
        #expect(comment.physicalFootprint == 1_288_490_189)  // 1.2G

        let sequoia = try #require(
            try VmmapParser.parse(Self.fixture("12-format2.4-macos15-sequoia-x86_64-submap-excerpt")))
        #expect(sequoia.regions[0].start == 0x7ffd_5ecb_c848)
        #expect(sequoia.regions[0].virtualSize == 16)
        #expect(sequoia.regions[2].detail == "unused  unknown system shared lib __DATA")
        #expect(sequoia.regions[5].name == "Submap" && sequoia.regions[6].name == "shared memory")
        #expect(sequoia.regions[5].start == sequoia.regions[6].start)
    }

    // MARK: - Report formats, pages, no capture

    @Test("formats 2.0 to 2.3 are refused, naming the format", arguments: ["2.0", "2.1", "2.2", "2.3"])
    func oldFormatsAreRefused(version: String) {
        let text = """
            Virtual Memory Map of process 94338 (ocspd)
            Output report format:  \(version)  -- 64-bit process

            __TEXT    000000010c4ff000-000000010c516000 [   92K] r-x/rwx SM=COW  /usr/sbin/ocspd
            """
        #expect(throws: VmmapError.unsupportedReportFormat(version)) { try VmmapParser.parse(text) }
        let error = VmmapError.unsupportedReportFormat(version)
        #expect(error.description.contains(version))
    }

    @Test("format 2.4 and later versions are read; a 2.4 header alone is no capture")
    func currentFormats() throws {
        let line = "__TEXT   1000-2000 [    4K     4K     0K     0K] r-x/rwx SM=COW"
        #expect(try VmmapParser.parse("Output report format:  2.4  -- 64-bit process\n") == nil)
        let later = try #require(try VmmapParser.parse("Output report format:  2.5\n" + line))
        #expect(later.reportFormat == "2.5")
        #expect(later.memory.mapCount == 1)
    }

    @Test("text without region lines is no capture", arguments: ["", "\n\n", "   \n", "vmmap: no such process\n"])
    func noRegionLines(text: String) throws {
        #expect(try VmmapParser.parse(text) == nil)
    }

    @Test("-pages output is scaled by the output's page size, which wins over the argument")
    func pagesScaledByTheOutputsPageSize() throws {
        let text = try Self.fixture("06-format2.4-macos10.14.4-pages-flag-writable-only-indented")
        let capture = try #require(try VmmapParser.parse(text, pageSize: 16384))
        #expect(capture.pageSize == 4096)
        #expect(capture.sizesWereInPages)
        // `[   397    180      5      0]` for libobjc's __DATA, in 4 KiB pages.
        let objc = try #require(capture.regions.first { $0.detail == "/usr/lib/libobjc.A.dylib" })
        #expect(objc.virtualSize == 397 * 4096 && objc.residentSize == 180 * 4096 && objc.dirtySize == 5 * 4096)
    }

    @Test("-pages output of unknown page size is refused")
    func pagesWithoutPageSize() throws {
        let text = try Self.fixture("07-format2.4-macos-docker-compose-interleaved-pages")
        #expect(throws: VmmapError.pageSizeUnknown) { try VmmapParser.parse(text) }
        #expect(throws: VmmapError.pageSizeUnknown) { try VmmapParser.parse(text, pageSize: 0) }
    }

    @Test("pages are recognised by a unit-less bracket everywhere, and by a PAGES summary header")
    func pagesDetection() throws {
        let bare = "Stack   1000-9000 [     8      2      1      0] rw-/rwx SM=PRV  thread 0"
        let scaled = try #require(try VmmapParser.parse("VM page size:  16384 bytes\n" + bare))
        #expect(scaled.sizesWereInPages)
        #expect(scaled.memory.residentSize == 2 * 16384)
        #expect(scaled.memory.privateDirtySize == 16384)

        // One unit anywhere: byte output, whose zeros read `0K`.
        let bytes = try #require(
            try VmmapParser.parse(
                bare + "\n__DATA   9000-a000 [    4K     4K     0K     0K] rw-/rwx SM=COW"))
        #expect(!bytes.sizesWereInPages)
        #expect(bytes.memory.residentSize == 2 + 4096)

        // A summary header with PAGES columns marks pages even when a bracket has a unit.
        let summary = """
            VM page size:  4096 bytes
            __DATA   9000-a000 [    4K     1      1     0K] rw-/rwx SM=PRV
            REGION TYPE      PAGES      PAGES      PAGES      PAGES      PAGES      PAGES      PAGES    COUNT
            """
        let marked = try #require(try VmmapParser.parse(summary))
        #expect(marked.sizesWereInPages)
        #expect(marked.regions[0].virtualSize == 4096)  // a unit keeps its byte meaning
        #expect(marked.regions[0].residentSize == 4096)  // a bare count is pages
    }

    @Test("the summary's TOTAL region count is exposed, from the COUNT column of its header")
    func summaryRegionCount() throws {
        let line = "__TEXT   1000-2000 [    4K     4K     0K     0K] r-x/rwx SM=COW"
        let crashStyle = """
            \(line)
            REGION TYPE                        SIZE    COUNT (non-coalesced)
            ===========                     =======  =======
            TOTAL                              1.1G      3005
            TOTAL, minus reserved VM space     1.0G      3005
            """
        #expect(try VmmapParser.parse(crashStyle)?.summaryRegionCount == 3005)
        let noCountColumn = """
            \(line)
            REGION TYPE                      VIRTUAL
            TOTAL                             330.2M
            """
        #expect(try VmmapParser.parse(noCountColumn)?.summaryRegionCount == nil)
    }

    // MARK: - Sizes

    @Test(
        "sizes: units in either case, halves away from zero, bare bytes rounded up",
        arguments: [
            ("4K", 4096), ("1.5M", 1_572_864), ("2G", 2_147_483_648), ("1T", 1_099_511_627_776),
            ("4k", 4096), ("1.5m", 1_572_864), ("2g", 2_147_483_648),
            // Ruby: ("1.1".to_f * 1024).round == 1126, ("10.1".to_f * 1024 * 1024).round == 10590618
            ("1.1K", 1126), ("10.1M", 10_590_618), ("512.0M", 536_870_912), ("28.0G", 30_064_771_072),
            // Exactly half a byte: 2048.5, 1024.5 and 0.5 round away from zero (not to even).
            ("2.00048828125K", 2049), ("1.00048828125K", 1025), ("0.00048828125K", 1),
            // The same half through the long-number path (more than 15 significant digits).
            ("0.0000004768371582031250M", 1),
            ("1.5", 2), ("4032", 4032), ("0", 0), ("0K", 0), ("1.2.3", 2), (".5", 1), ("3.", 3),
            (" 8K ", 8192), ("", 0),
        ] as [(String, Int)])
    func sizes(text: String, bytes: Int) {
        #expect(VmmapParser.parseSize(text) == bytes)
    }

    @Test("malformed and out-of-range sizes", arguments: ["K", "4KB", "4 K", "abc", "-4K", "99999999999999G"])
    func badSizes(text: String) {
        #expect(VmmapParser.parseSize(text) == nil)
    }

    @Test("a missing size is zero")
    func missingSize() {
        #expect(VmmapParser.parseSize(nil) == 0)
    }

    @Test("bare byte counts mix with units in one bracket")
    func bareBytesMixedWithUnits() throws {
        let text = """
            __DATA                   7ffd5ecbc848-7ffd5ecbc858 [  3856   3856     0K     0K] rw-/rw- SM=PRV
            MALLOC_TINY              7ffd5ecbd000-7ffd5ecbe000 [    24     0K     0K     24] rw-/rw- SM=PRV
            VM_ALLOCATE              7ffd5ecbe000-7ffd5ecff000 [ 1953K  1333K   1472     0K] rw-/rw- SM=PRV
            """
        let capture = try #require(try VmmapParser.parse(text))
        #expect(!capture.sizesWereInPages)
        #expect(capture.regions.map(\.virtualSize) == [3856, 24, 1953 * 1024])
        #expect(capture.regions.map(\.dirtySize) == [0, 0, 1472])
        // Ruby reference over the same three lines.
        #expect(
            capture.memory
                == Self.usage(
                    maps: 3, resident: 1_368_848, sharedClean: 0, sharedDirty: 0,
                    privateClean: 1_367_376, privateDirty: 1472, anonymous: 1_364_992, swap: 24))
    }

    @Test("a size that fills its column leaves no blank after the bracket")
    func bracketWithoutBlank() throws {
        let text = "VM_ALLOCATE            7000000000-7020000000 [512.0M 312.3M  10.5M     0K] rw-/rwx SM=PRV"
        let capture = try #require(try VmmapParser.parse(text))
        #expect(capture.regions[0].virtualSize == 536_870_912)
        // Ruby reference: 312.3M = 327470285, 10.5M = 11010048.
        #expect(
            capture.memory
                == Self.usage(
                    maps: 1, resident: 327_470_285, sharedClean: 0, sharedDirty: 0,
                    privateClean: 316_460_237, privateDirty: 11_010_048, anonymous: 327_470_285, swap: 0))
    }

    @Test("lower-case units are read (the reference's regex would skip such a line)")
    func lowercaseUnits() throws {
        let text = "MALLOC_TINY   1000-2000 [ 1024k    12k     4k   1.5m] rw-/rwx SM=PRV"
        let capture = try #require(try VmmapParser.parse(text))
        #expect(
            capture.memory
                == Self.usage(
                    maps: 1, resident: 12288, sharedClean: 0, sharedDirty: 0,
                    privateClean: 8192, privateDirty: 4096, anonymous: 12288, swap: 1_572_864))
    }

    @Test("a size beyond 1 EiB, or totals beyond it, are refused with the line")
    func sizeOutOfRange() throws {
        let huge = "header\nVM_ALLOCATE   1000-2000 [ 99999999999G    4K     0K     0K] rw-/rwx SM=PRV"
        #expect(throws: VmmapError.sizeOutOfRange(line: 2)) { try VmmapParser.parse(huge) }
        let overLimit = "VM_ALLOCATE   1000-2000 [    4K 5000000000G     0K     0K] rw-/rwx SM=PRV"
        #expect(throws: VmmapError.sizeOutOfRange(line: 1)) { try VmmapParser.parse(overLimit) }
        // 600 PiB each: one is within 1 EiB, two add up beyond it.
        let big = "VM_ALLOCATE   1000-2000 [    4K 629145600G     0K     0K] rw-/rwx SM=PRV"
        #expect(try VmmapParser.parse(big)?.memory.residentSize == 629_145_600 << 30)
        #expect(throws: VmmapError.sizeOutOfRange(line: 2)) { try VmmapParser.parse(big + "\n" + big) }
    }

    // MARK: - Sharing modes, purge, count

    @Test("SM=S/A keeps its full mode and adds to neither private nor shared")
    func sharedAlias() throws {
        let text = "mapped file      100000000-100010000 [   64K    64K     0K     0K] r--/r-x SM=S/A  /path/to/db.pack"
        let capture = try #require(try VmmapParser.parse(text))
        let region = try #require(capture.regions.first)
        #expect(region.sharingMode == "S/A")
        #expect(region.detail == "/path/to/db.pack")
        #expect(
            capture.memory
                == Self.usage(
                    maps: 1, resident: 65536, sharedClean: 0, sharedDirty: 0,
                    privateClean: 0, privateDirty: 0, anonymous: 0, swap: 0))
    }

    @Test("PURGE= after the mode is read, and the detail after it")
    func purgeMode() throws {
        let text = """
            IOAccelerator      1050a4000-1050a8000    [   16K    16K    16K     0K] rw-/rw- SM=ALI PURGE=N  charged to x
            CG image           1050a8000-1050b0000    [   32K    32K     8K     0K] rw-/rw- SM=SHM PURGE=N
            MALLOC_TINY        1050b0000-1050c0000    [   64K    16K    16K     0K] rw-/rwx SM=PRV          zone_0x1
            """
        let capture = try #require(try VmmapParser.parse(text))
        #expect(capture.regions.map(\.sharingMode) == ["ALI", "SHM", "PRV"])
        #expect(capture.regions.map(\.purgeMode) == ["N", "N", nil])
        #expect(capture.regions.map(\.detail) == ["charged to x", "", "zone_0x1"])
        #expect(capture.memory.sharedCleanSize == 24576 && capture.memory.sharedDirtySize == 8192)
        #expect(capture.memory.privateDirtySize == 16384)
    }

    @Test("the process count divides the proportional sizes, rounding down")
    func processCountDividesProportionalSizes() throws {
        // Ruby reference with count: 3.
        let wide = try Self.fixture("05-format2.4-macos10.13.6-go-wide")
        let capture = try #require(try VmmapParser.parse(wide, processCount: 3))
        #expect(capture.memory.residentSize == 17_698_816)
        #expect(capture.memory.proportionalSize == 5_899_605)
        let pages = try Self.fixture("07-format2.4-macos-docker-compose-interleaved-pages")
        let interleaved = try #require(try VmmapParser.parse(pages, processCount: 3, pageSize: 4096))
        #expect(interleaved.memory.proportionalSize == 3_118_421)
        #expect(interleaved.memory.proportionalSwapSize == 3_730_090)
        #expect(throws: VmmapError.invalidProcessCount(0)) { try VmmapParser.parse(wide, processCount: 0) }
    }

    // MARK: - Names, addresses, pastes, junk

    @Test("names with spaces, parentheses, commas, hex-looking words, or cut at the column")
    func names() throws {
        let text = """
            MALLOC_TINY (freed?)   00100000-00102000 [    8K     8K     8K     0K] rw-/rwx SM=COW
            AttributeGraph Data (old 1180cc000-118fcc000 [ 15.0M  1104K  1104K     0K] rw-/rwx SM=PRV
            MALLOC freed, no zone  1190cc000-1191cc000 [ 1024K   512K   256K    64K] rw-/rwx SM=PRV
            foo 1-2 bar            1191cc000-1191d0000 [   16K    16K     0K     0K] r--/r-- SM=COW
            Kernel Alloc Once      1191d0000-1191d4000 [   16K     4K     4K     0K] rw-/rwx SM=PRV
            """
        let capture = try #require(try VmmapParser.parse(text))
        #expect(
            capture.regions.map(\.name) == [
                "MALLOC_TINY (freed?)", "AttributeGraph Data (old", "MALLOC freed, no zone", "foo 1-2 bar",
                "Kernel Alloc Once",
            ])
        #expect(capture.regions[1].start == 0x1_180c_c000)
        // Ruby reference over the same five lines.
        #expect(
            capture.memory
                == Self.usage(
                    maps: 5, resident: 1_683_456, sharedClean: 16384, sharedDirty: 8192,
                    privateClean: 262_144, privateDirty: 1_396_736, anonymous: 532_480, swap: 65536))
    }

    @Test("unpadded and pushed addresses, and addresses that are not page-aligned")
    func unpaddedAddresses() throws {
        let text = """
            __TEXT                      107dfb000-107dfc000    [    4K     4K     0K     0K] r-x/r-x SM=COW  /a.out
            __DATA_CONST           7ff815b29000-7ff815b6b000 [  264K   264K     0K     0K] r--/rw- SM=COW
            __DATA_CONST 7ff835a0a568-7ff835a0a570 [     8     0K     0K     0K] rw-/rw- SM=COW
            """
        let capture = try #require(try VmmapParser.parse(text))
        #expect(capture.regions.map(\.start) == [0x1_07df_b000, 0x7ff8_15b2_9000, 0x7ff8_35a0_a568])
        #expect(capture.regions.map(\.end) == [0x1_07df_c000, 0x7ff8_15b6_b000, 0x7ff8_35a0_a570])
        #expect(capture.regions[0].detail == "/a.out")
        #expect(capture.memory.residentSize == 274_432)
        #expect(capture.memory.sharedCleanSize == 274_432)
    }

    @Test(
        "pastes indented by blanks or behind a // comment marker read alike",
        arguments: ["", "    ", "        ", "\t", "\t// ", "    // ", "// "])
    func pastePrefixes(prefix: String) throws {
        let text = [
            "Output report format:  2.4  -- 64-bit process",
            "VM page size:  16384 bytes",
            "",
            "==== Writable regions for process 1",
            "MALLOC_TINY   1000-2000 [ 1024K    12K    12K     0K] rw-/rwx SM=PRV  DefaultMallocZone_0x1",
            "Stack         3000-4000 [    8K     8K     4K     0K] rw-/rwx SM=COW  thread 0",
        ].map { prefix + $0 }.joined(separator: "\n")
        let capture = try #require(try VmmapParser.parse(text))
        #expect(capture.regions.map(\.name) == ["MALLOC_TINY", "Stack"])
        #expect(capture.regions.map(\.detail) == ["DefaultMallocZone_0x1", "thread 0"])
        #expect(capture.reportFormat == "2.4")
        #expect(capture.pageSize == 16384)
        #expect(capture.memory.residentSize == 20 * 1024)
        #expect(capture.memory.anonymousSize == 20 * 1024)
        #expect(throws: VmmapError.unsupportedReportFormat("2.3")) {
            try VmmapParser.parse(prefix + "Output report format:  2.3\n" + text)
        }
    }

    @Test("junk lines in pastes are skipped, never fatal")
    func junkLines() throws {
        let text = """
            > vmmap 66814
            ==== Non-writable regions for process 83358
            REGION TYPE                      START - END             [ VSIZE  RSDNT  DIRTY   SWAP] PRT/MAX SHRMOD
            __TEXT                 0000000001000000-0000000001a7c000 [ 10.5M  4528K     0K     0K] r-x/rwx SM=COW
            ...
            ...(snip)...
             combined __LINKEDIT
            VM_ALLOCATE     2007d0000-2007d1000 [     4K     4K     4K     0K] rwx/rwx SM=PRV   <<<---- our allocation
            __DATA_CONST                1033bc000-1035bc000    [ 2048K  2000K     0K     0K] r--/rwSM=COW
            page table in kernel  kernel-kernel  [  256K   256K   256K     0K] rw-/rw- SM=PRV
            mapped file   1000-2000 [    4K] r--/rwx SM=COW
            odd mode      1000-2000 [    4K     4K     0K     0K] r--/rwx SM=???
            SM=sharing mode:
            \tCOW=copy_on_write PRV=private NUL=empty ALI=aliased
            vmmap: terminated; resuming target task
            """
        let capture = try #require(try VmmapParser.parse(text))
        #expect(capture.regions.map(\.name) == ["__TEXT", "VM_ALLOCATE"])
        #expect(capture.regions[1].detail == "<<<---- our allocation")
        #expect(capture.memory.residentSize == 4528 * 1024 + 4096)
    }

    @Test("CRLF line ends read as LF ones")
    func crlfLineEnds() throws {
        let text = try Self.fixture("08-format2.4-macos10.1x-bash-writable-section")
        let crlf = try #require(try VmmapParser.parse(text.replacingOccurrences(of: "\n", with: "\r\n")))
        #expect(crlf == (try VmmapParser.parse(text)))
        #expect(crlf.regions[0].detail == "/bin/bash")
    }

    @Test("blank space before the range: two or more blanks give an empty name, one gives no match")
    func blankName() throws {
        // The reference's `\A\s*(.+?)\s+` backtracks: the name is one blank when two lead the range.
        let two = try #require(try VmmapParser.parse("  1000-2000 [ 4K 4K 0K 0K] rw-/rwx SM=PRV"))
        #expect(two.regions.map(\.name) == [""])
        #expect(two.memory.privateCleanSize == 4096)
        #expect(try VmmapParser.parse(" 1000-2000 [ 4K 4K 0K 0K] rw-/rwx SM=PRV") == nil)
    }

    @Test("the name ends at the first address range whose whole line reads")
    func lazyName() throws {
        let text = "odd 1-2 [ 4K ] r SM=PRV  name  3000-4000 [ 8K 8K 0K 0K] rw-/rwx SM=COW  detail"
        let capture = try #require(try VmmapParser.parse(text))
        #expect(capture.regions[0].name == "odd 1-2 [ 4K ] r SM=PRV  name")
        #expect(capture.regions[0].start == 0x3000)
        #expect(capture.regions[0].detail == "detail")
    }

    // MARK: - Conversion

    @Test("a region converts to the package's Region with the capture's rules")
    func conversionToRegion() throws {
        let text = "MALLOC_SMALL   7fc950000000-7fc951800000 [ 24.0M   176K   100K    12K] rw-/rwx SM=PRV  Zone_0x1"
        let vmmap = try #require(try VmmapParser.parse(text)?.regions.first)
        #expect(vmmap.isAnonymous)
        let region = vmmap.region(processCount: 3)
        #expect(region.label == "MALLOC_SMALL")
        #expect(region.kind == .darwin)
        #expect(region.permissions == "rw-/rwx")
        #expect(region.start == 0x7fc9_5000_0000 && region.end == 0x7fc9_5180_0000)
        #expect(
            region.sizes
                == RegionSizes(
                    size: 25_165_824, resident: 180_224, proportional: 60074, privateClean: 77824,
                    privateDirty: 102_400,
                    anonymous: 180_224, swap: 12288, proportionalSwap: 4096))
        let shared = VmmapRegion(
            name: "__DATA", start: 0, end: 4096, virtualSize: 4096, residentSize: 4096, dirtySize: 1024,
            swapSize: 0, currentPermissions: "rw-", maximumPermissions: "rwx", sharingMode: "COW")
        #expect(
            shared.sizes()
                == RegionSizes(
                    size: 4096, resident: 4096, proportional: 4096, sharedClean: 3072,
                    sharedDirty: 1024))
        #expect(!shared.isAnonymous)
    }

    @Test("every error has a one-line description")
    func errorDescriptions() {
        let errors: [VmmapError] = [
            .unsupportedReportFormat("2.3"), .pageSizeUnknown, .invalidProcessCount(0), .sizeOutOfRange(line: 7),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
            #expect(error.errorDescription == error.description)
        }
    }

    // MARK: - Helpers

    static func fixture(_ name: String) throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures/vmmap"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A capture's usage: proportional sizes equal resident and swap (one process), faults and
    /// referenced are 0.
    static func usage(
        maps: Int, resident: Int, sharedClean: Int, sharedDirty: Int, privateClean: Int, privateDirty: Int,
        anonymous: Int, swap: Int
    ) -> MemoryUsage {
        MemoryUsage(
            mapCount: maps, residentSize: resident, proportionalSize: resident,
            sharedCleanSize: sharedClean, sharedDirtySize: sharedDirty,
            privateCleanSize: privateClean, privateDirtySize: privateDirty,
            anonymousSize: anonymous, swapSize: swap, proportionalSwapSize: swap)
    }
}

import Testing

@testable import Recorder

@Suite("smaps and smaps_rollup parser")
struct SmapsParserTests {
    static let smapsFixtures = TestSupport.fixtureNames("smaps").filter { !$0.contains("smaps_rollup") }
    static let rollupFixtures = TestSupport.fixtureNames("smaps").filter { $0.contains("smaps_rollup") }

    @Test("every fixture parses, one region per maps header line", arguments: smapsFixtures)
    func parsesEveryFixture(name: String) throws {
        let text = try TestSupport.fixture("smaps", name)
        let regions = try SmapsParser.parse(text, source: name)
        // Header lines are those that start with "hex-hex ".
        let headers = text.split(separator: "\n").filter { line in
            guard let dash = line.firstIndex(of: "-") else { return false }
            return !line[..<dash].isEmpty && line[..<dash].allSatisfy(\.isHexDigit) && line.contains(" ")
                && line[..<dash].count >= 8
        }
        #expect(regions.count == headers.count)
        #expect(!regions.isEmpty)
        for region in regions {
            #expect(region.end >= region.start)
            #expect(region.permissions.count == 4)
            #expect(region.sizes.resident >= region.sizes.privateDirty)
        }
    }

    @Test func oldKernelFieldOrderAndVmFlags() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "01-linux3.x-2014-gopsutil-cat-self-smaps.txt"))
        let first = try #require(regions.first)
        #expect(first.label == "/bin/cat")
        #expect(first.kind == .file)
        #expect(first.start == 0x400000 && first.end == 0x40e000)
        #expect(first.permissions == "r-xp")
        #expect(
            first.sizes
                == RegionSizes(
                    size: 56 * 1024, resident: 56 * 1024, proportional: 56 * 1024, privateClean: 56 * 1024,
                    referenced: 56 * 1024))
    }

    @Test func deletedSharedDevZeroKeepsItsNameWithSpaces() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "02-linux4.8to4.11-2017-openresty-dev-zero-deleted-shared.txt"))
        let first = try #require(regions.first)
        #expect(first.label == "/dev/zero (deleted)")
        #expect(first.kind == .deletedFile)
        #expect(first.permissions == "rw-s")
        #expect(first.sizes.size == 102_400 * 1024)
        #expect(first.sizes.resident == 42_044 * 1024)
        #expect(first.sizes.proportional == 10_527 * 1024)
        #expect(first.sizes.sharedDirty == 42_044 * 1024)
        #expect(first.sizes.referenced == 41_444 * 1024)
    }

    @Test func anonymousMappingWithTrailingSpaceIsLabelledAnon() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "03-linux5.3-2019-lkml-mem_eater-thp-anon.txt"))
        let first = try #require(regions.first)
        #expect(first.label == "[anon]")
        #expect(first.kind == .anonymous)
        #expect(first.sizes.privateDirty == 512_000 * 1024)
        #expect(first.sizes.anonymous == 512_000 * 1024)
        #expect(first.sizes.referenced == 260_616 * 1024)
    }

    @Test func androidNamedAnonymousMappingsWithSpacesAndParentheses() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "04-android-kernel4.x-systemui-Name-field-anon-names-excerpt.txt"))
        #expect(regions.first?.label == "[anon:dalvik-main space (region space)]")
        #expect(regions.first?.kind == .namedAnonymous)
        #expect(regions.first?.sizes.privateDirty == 11_420 * 1024)
        #expect(regions.contains { $0.label == "[anon:dalvik-/apex/com.android.art/javalib/boot.art]" })
    }

    @Test func sixteenKilobytePagesAndATruncatedLastEntry() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "05-linux-mips64-loongson-16k-pages-golang-43091-excerpt.txt"))
        #expect(regions.count == 2)
        #expect(regions[0].start == 0xff_f153_8000)
        #expect(regions[0].permissions == "rwxp")
        #expect(regions[0].sizes.privateDirty == 16 * 1024)
        #expect(regions[1].sizes.size == 65_344 * 1024)
        #expect(regions[1].sizes.resident == 0)
    }

    @Test func modernKernelWithPssDirtyKSMAndProtectionKey() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "06-linux6.x-2025-uutils-zsh-pss_dirty-ksm-excerpt.txt"))
        #expect(regions.count >= 2)
        #expect(regions[0].label == "/usr/bin/zsh")
        #expect(regions[0].sizes.resident == 92 * 1024)
        #expect(regions[0].sizes.proportional == 46 * 1024)
        #expect(regions[0].sizes.sharedClean == 92 * 1024)
        #expect(regions[1].sizes.proportional == 316 * 1024)
    }

    @Test func vsyscallIsAKernelRegion() throws {
        let regions = try SmapsParser.parse(
            TestSupport.fixture("smaps", "10-DERIVED-kernel-selftest-expected-vsyscall-smaps-linux6.x.txt"))
        #expect(regions.count == 1)
        #expect(regions[0].label == "[vsyscall]")
        #expect(regions[0].kind == .kernel)
        #expect(regions[0].start == 0xffff_ffff_ff60_0000)
        #expect(regions[0].permissions == "--xp")
        #expect(regions[0].sizes.size == 4096)
    }

    @Test("rollups parse to their first entry's sizes", arguments: rollupFixtures)
    func rollups(name: String) throws {
        let sizes = try #require(try SmapsParser.parseRollup(TestSupport.fixture("smaps", name), source: name))
        #expect(sizes.size == 0, "a rollup has no Size line")
        #expect(sizes.resident >= sizes.privateDirty)
    }

    @Test func rollupValuesEqualTheFile() throws {
        let centos = try #require(
            try SmapsParser.parseRollup(
                TestSupport.fixture("smaps", "07-smaps_rollup-linux4.18-centos8-2022-prmon-no-pss-split-truncated.txt"))
        )
        #expect(
            centos
                == RegionSizes(
                    resident: 1912 * 1024, proportional: 194 * 1024, sharedClean: 1768 * 1024, privateClean: 32 * 1024,
                    privateDirty: 112 * 1024, referenced: 1912 * 1024, anonymous: 112 * 1024))

        let rust = try #require(
            try SmapsParser.parseRollup(
                TestSupport.fixture("smaps", "09-smaps_rollup-linux5.x-rust-test-shmem-swap.txt")))
        #expect(rust.resident == 391_088 * 1024)
        #expect(rust.proportional == 380_165 * 1024)
        #expect(rust.sharedClean == 4016 * 1024)
        #expect(rust.sharedDirty == 14_788 * 1024)
        #expect(rust.privateClean == 628 * 1024)
        #expect(rust.privateDirty == 371_656 * 1024)
        #expect(rust.referenced == 389_220 * 1024)
        #expect(rust.anonymous == 344 * 1024)
        #expect(rust.swap == 836_004 * 1024)
        #expect(rust.proportionalSwap == 396 * 1024)

        let empty = try #require(
            try SmapsParser.parseRollup(
                TestSupport.fixture("smaps", "11-DERIVED-kernel-selftest-expected-empty-smaps_rollup-linux6.x.txt")))
        #expect(empty == .zero)
    }

    @Test func pastedRollupsSeparatedByDashesParseAsTwoEntries() throws {
        let text = try TestSupport.fixture("smaps", "08-smaps_rollup-linux5.x-ps_mem-php-fpm-pss-split-multi.txt")
        let entries = try SmapsParser.parse(text)
        #expect(entries.count == 2)
        // The misaligned "FilePmdMapped:        0 kB" line does not disturb its neighbours.
        #expect(entries[0].sizes.proportional == 35_558 * 1024)
        #expect(entries[0].sizes.privateDirty == 7376 * 1024)
        #expect(entries[1].sizes.resident == 78_512 * 1024)
        #expect(entries[1].sizes.privateClean == 68 * 1024)
    }

    @Test func emptyTextHasNoRollup() throws {
        #expect(try SmapsParser.parseRollup("") == nil)
        #expect(try SmapsParser.parse("").isEmpty)
    }

    @Test func malformedLinesAreNamedWithTheirNumber() throws {
        let text = "00400000-0040e000 r-xp 00000000 fd:09 297   /bin/cat\nRss:  12 kB\nthis is not smaps\n"
        #expect(throws: CaptureError.malformedLine(source: "t", line: 3, text: "this is not smaps")) {
            try SmapsParser.parse(text, source: "t")
        }
        #expect(throws: CaptureError.malformedLine(source: "t", line: 2, text: "Pss: lots kB")) {
            try SmapsParser.parse("00400000-0040e000 r-xp 00000000 fd:09 297 /bin/cat\nPss: lots kB\n", source: "t")
        }
        #expect(throws: CaptureError.malformedLine(source: "t", line: 1, text: "Rss: 4 kB")) {
            try SmapsParser.parse("Rss: 4 kB\n", source: "t")
        }
    }

    @Test func neighbouringMappingsGetTheirOwnLabelsAndSizes() throws {
        // Two mappings of one file, then a path of the same length, an anonymous mapping, the
        // first file again, and a CRLF line: labels are reused only for equal paths, and each
        // entry's sizes start from zero.
        let text = [
            "7f0000000000-7f0000001000 r--p 00000000 08:01 11 /usr/lib/libaa.so", "Rss: 4 kB", "Pss: 4 kB",
            "7f0000001000-7f0000003000 r-xp 00001000 08:01 11 /usr/lib/libaa.so", "Rss: 8 kB",
            "7f0000003000-7f0000004000 r--p 00000000 08:01 12 /usr/lib/libab.so", "Anonymous: 4 kB",
            "7f0000004000-7f0000005000 rw-p 00000000 00:00 0 ", "Private_Dirty: 4 kB",
            "7f0000005000-7f0000006000 rw-p 00003000 08:01 11 /usr/lib/libaa.so\r", "Swap: 12 kB\r",
        ].joined(separator: "\n")
        let regions = try SmapsParser.parse(text)
        #expect(
            regions.map(\.label) == [
                "/usr/lib/libaa.so", "/usr/lib/libaa.so", "/usr/lib/libab.so", "[anon]", "/usr/lib/libaa.so",
            ])
        #expect(regions.map(\.kind) == [.file, .file, .file, .anonymous, .file])
        #expect(regions.map(\.permissions) == ["r--p", "r-xp", "r--p", "rw-p", "rw-p"])
        #expect(regions[0].sizes == RegionSizes(resident: 4096, proportional: 4096))
        #expect(regions[1].sizes == RegionSizes(resident: 8192))
        #expect(regions[2].sizes == RegionSizes(anonymous: 4096))
        #expect(regions[3].sizes == RegionSizes(privateDirty: 4096))
        #expect(regions[4].sizes == RegionSizes(swap: 12_288))
        #expect(regions[4].start == 0x7f00_0000_5000)
    }

    @Test(
        "labels and kinds",
        arguments: [
            ("", "[anon]", RegionKind.anonymous), ("[heap]", "[heap]", .heap), ("[stack]", "[stack]", .stack),
            ("[stack:1234]", "[stack:1234]", .stack), ("[anon:scudo:primary]", "[anon:scudo:primary]", .namedAnonymous),
            ("[vdso]", "[vdso]", .kernel), ("[vvar_vclock]", "[vvar_vclock]", .kernel),
            ("/memfd:k (deleted)", "/memfd:k (deleted)", .memfd),
            ("/SYSV00000000 (deleted)", "/SYSV00000000 (deleted)", .sharedMemory),
            ("/tmp/a b (deleted)", "/tmp/a b (deleted)", .deletedFile),
            ("/usr/lib/libc.so.6", "/usr/lib/libc.so.6", .file),
        ])
    func labels(path: String, label: String, kind: RegionKind) {
        let result = RegionLabel.classify(path: path)
        #expect(result.label == label)
        #expect(result.kind == kind)
    }
}

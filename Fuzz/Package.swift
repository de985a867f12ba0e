// swift-tools-version:6.0
// The libFuzzer targets of memhist: a package of its own, so the main package's `swift build`
// and `swift test` (and CI) never build them. Build and run them with `scripts/fuzz`.
import PackageDescription

let targets = ["fuzz-smaps", "fuzz-vmmap", "fuzz-proc", "fuzz-arguments", "fuzz-report", "fuzz-dbfile"]

let package = Package(
    name: "memhist-fuzz",
    platforms: [.macOS(.v13)],
    products: targets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(name: "memhist", path: "..")
    ],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Recorder", package: "memhist")])
    ]
        + targets.map {
            .executableTarget(
                name: $0, dependencies: ["FuzzSupport", .product(name: "Recorder", package: "memhist")])
        }
)

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "memhist",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "memhist", targets: ["memhist"]),
        .library(name: "Recorder", targets: ["Recorder"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "CMemfd"),
        // libcurl, loaded with dlopen on the first request of `report --prometheus`.
        .target(name: "CHTTPClient", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(
            name: "Recorder",
            dependencies: [
                "CSQLite", "CMemfd", "CHTTPClient",
                // The `record --listen` endpoint: SwiftNIO's HTTP/1 server, which needs no Foundation.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "memhist",
            dependencies: [
                "Recorder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A release build carries the Swift runtime and FoundationEssentials in itself: loading
            // and binding a dozen shared libraries was a third of a start-up (`scripts/bench --only 10`).
            // What the runtime's autolinking does not name for a static link is named here.
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization"],
                    .when(platforms: [.linux], configuration: .release))
            ]
        ),
        .executableTarget(
            name: "memhist-bench",
            dependencies: ["Recorder", "CSQLite"]
        ),
        .testTarget(
            name: "RecorderTests",
            dependencies: ["Recorder", "memhist"],
            resources: [.copy("Fixtures")]
        ),
    ]
)

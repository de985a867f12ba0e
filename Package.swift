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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "CSystem"),
        .target(name: "CHTTPClient", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "Recorder", dependencies: ["CSQLite", "CSystem", "CHTTPClient"]),
        .executableTarget(
            name: "memhist",
            dependencies: [
                "Recorder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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

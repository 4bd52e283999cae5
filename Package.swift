// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Cuerda",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CuerdaCore", targets: ["CuerdaCore"]),
        .library(name: "CuerdaStore", targets: ["CuerdaStore"]),
        .library(name: "CuerdaTestSupport", targets: ["CuerdaTestSupport"]),
        .executable(name: "cuerda", targets: ["cuerda"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // The system zlib, for bundle compression (streaming inflate with an output cap).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "CuerdaCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "CuerdaStore",
            dependencies: [
                "CuerdaCore", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "CuerdaTestSupport",
            dependencies: ["CuerdaCore", "CuerdaStore"]
        ),
        .executableTarget(
            name: "cuerda",
            dependencies: [
                "CuerdaCore", "CuerdaStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CuerdaCoreTests", dependencies: ["CuerdaCore", "CuerdaTestSupport"]),
        .testTarget(
            name: "CuerdaStoreTests",
            dependencies: ["CuerdaCore", "CuerdaStore", "CuerdaTestSupport"]
        ),
        .testTarget(name: "CuerdaCLITests", dependencies: ["CuerdaTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Cuerda",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CuerdaCore", targets: ["CuerdaCore"]),
        .library(name: "CuerdaStore", targets: ["CuerdaStore"]),
        .library(name: "CuerdaNet", targets: ["CuerdaNet"]),
        .library(name: "Alignment", targets: ["Alignment"]),
        .library(name: "CuerdaTestSupport", targets: ["CuerdaTestSupport"]),
        .executable(name: "cuerda", targets: ["cuerda"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
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
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "CuerdaNet",
            dependencies: [
                "CuerdaCore", "CuerdaStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The six practices: the first application of the engine.
        .target(
            name: "Alignment",
            dependencies: ["CuerdaCore", "CuerdaStore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "CuerdaTestSupport",
            dependencies: ["CuerdaCore", "CuerdaStore", "Alignment"]
        ),
        .executableTarget(
            name: "cuerda",
            dependencies: [
                "CuerdaCore", "CuerdaStore", "CuerdaNet", "Alignment",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CuerdaCoreTests",
            dependencies: ["CuerdaCore", "CuerdaTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "CuerdaStoreTests",
            dependencies: ["CuerdaCore", "CuerdaStore", "CuerdaTestSupport"]
        ),
        .testTarget(
            name: "CuerdaNetTests",
            dependencies: [
                "CuerdaCore", "CuerdaStore", "CuerdaNet", "CuerdaTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(name: "AlignmentTests", dependencies: ["Alignment", "CuerdaCore", "CuerdaStore", "CuerdaTestSupport"]),
        .testTarget(name: "CuerdaCLITests", dependencies: ["CuerdaCore", "CuerdaStore", "CuerdaTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

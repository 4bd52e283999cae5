// swift-tools-version: 6.1
import PackageDescription

// Cuerda's fuzzing harness: its own package, so that the library's build and test suite never
// pull in libFuzzer. One executable per fuzz target, each defining `LLVMFuzzerTestOneInput`;
// `fuzz-seeds` writes the seed corpora from a real replica. Build and run with
// `Scripts/fuzz.sh TARGET [SECONDS]` (see Docs/testing.md, "Fuzzing (libFuzzer)"): it passes
// `-sanitize=fuzzer,address` (libFuzzer supplies `main`) and `-enable-testing`, which the
// `@testable import`s below need for the internal decoders.
let package = Package(
    name: "CuerdaFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, so that products are found as `package: "Cuerda"` whatever the checkout's folder is called.
        .package(name: "Cuerda", path: "../"),
        // For the frame target's ByteBuffer and EmbeddedChannel: the library's own NIO, declared as in ../Package.swift.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // libFuzzer's driver entry point (a header only: -sanitize=fuzzer links the library).
        .systemLibrary(name: "CLibFuzzer"),
        .target(name: "FuzzMain", dependencies: ["CLibFuzzer"]),
        .executableTarget(
            name: "fuzz-bundle",
            dependencies: [
                "FuzzMain",
                .product(name: "CuerdaCore", package: "Cuerda"), .product(name: "CuerdaStore", package: "Cuerda"),
            ]
        ),
        .executableTarget(name: "fuzz-commit", dependencies: ["FuzzMain", .product(name: "CuerdaCore", package: "Cuerda")]),
        .executableTarget(
            name: "fuzz-frame",
            dependencies: [
                "FuzzMain",
                .product(name: "CuerdaCore", package: "Cuerda"), .product(name: "CuerdaNet", package: "Cuerda"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "fuzz-sealed",
            dependencies: [
                "FuzzMain",
                .product(name: "CuerdaCore", package: "Cuerda"), .product(name: "CuerdaStore", package: "Cuerda"),
            ]
        ),
        .executableTarget(
            name: "fuzz-card",
            dependencies: [
                "FuzzMain", .product(name: "CuerdaCore", package: "Cuerda"), .product(name: "Alignment", package: "Cuerda"),
            ]
        ),
        // Not a fuzz target: writes the seed corpora (a replica's bundle, commits, frames, ...).
        .executableTarget(
            name: "fuzz-seeds",
            dependencies: [
                .product(name: "CuerdaCore", package: "Cuerda"), .product(name: "CuerdaStore", package: "Cuerda"),
                .product(name: "CuerdaNet", package: "Cuerda"), .product(name: "Alignment", package: "Cuerda"),
                .product(name: "CuerdaTestSupport", package: "Cuerda"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

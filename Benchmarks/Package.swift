// swift-tools-version: 6.1
import PackageDescription

// Cuerda's benchmark harness: its own package, so that the library's own build never pulls in
// the benchmark tooling. Run from this folder: `swift package benchmark` (see Docs/benchmarks.md).
let package = Package(
    name: "CuerdaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, so that products are found as `package: "Cuerda"` whatever the checkout's folder is called.
        .package(name: "Cuerda", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
    ],
    targets: [
        // Workloads, fixtures and the raw-SQLite baselines, shared by both runners below; also
        // the TCP sync fixtures (SyncFixture.swift), whose baseline is the bundle-file route.
        .target(
            name: "CuerdaBenchSupport",
            dependencies: [
                .product(name: "CuerdaCore", package: "Cuerda"),
                .product(name: "CuerdaStore", package: "Cuerda"),
                .product(name: "CuerdaNet", package: "Cuerda"),
                .product(name: "CuerdaTestSupport", package: "Cuerda"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The ordo-one suite: `swift package benchmark`.
        .executableTarget(
            name: "CuerdaBenchmarks",
            dependencies: [
                "CuerdaBenchSupport",
                .product(name: "CuerdaNet", package: "Cuerda"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CuerdaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // A plain runner: interleaved A/B rounds with ratios, bytes/op, and peak RSS (VmHWM)
        // of a child process that only imports the 1M-op bundle; `tcp` for the sync sessions.
        .executableTarget(
            name: "cuerda-bench",
            dependencies: ["CuerdaBenchSupport", .product(name: "CuerdaNet", package: "Cuerda")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

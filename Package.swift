// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "briefing",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "briefing", targets: ["briefing"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // libcurl's headers (libcurl4-openssl-dev, on the compiler's own search path). Not
        // pkg-config: SwiftPM would take its -lcurl too, and the binary does not link libcurl
        // (CCurlShim loads it on first use).
        .systemLibrary(name: "CCurl"),
        // SQLite for the run state (seen items, feeds' validators, briefings).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libcurl and libxml2 are not linked: they are loaded on first use (dlopen by SONAME, then
        // every function the code calls resolved at once), as the dynamic loader otherwise maps
        // and binds them and their ~40 dependencies (OpenSSL, GnuTLS, Kerberos, LDAP, ICU...) at
        // every start (issue 17). Their headers still come from the -dev packages.
        .target(name: "CLazyLoad"),
        // Typed, non-variadic wrappers for libcurl's variadic calls, and libcurl loaded on first use.
        .target(name: "CCurlShim", dependencies: ["CCurl", "CLazyLoad"]),
        // libxml2's error-tolerant HTML parser, for article extraction: its headers (libxml2-dev)
        // and its functions, forwarded to libxml2.so.2 loaded on first use.
        .target(name: "CLibXML2", dependencies: ["CLazyLoad"]),
        // libpq, for the run state in PostgreSQL (`[state] url`): its header (libpq-dev) and its
        // functions, forwarded to libpq.so.5 loaded on first use, so that a state in SQLite never
        // maps it. libpq rather than postgres-nio: a small C library in Debian, synchronous like
        // the SQLite connection, and nothing more to build from scratch (postgres-nio brings
        // swift-nio, swift-crypto and more).
        .target(name: "CPostgres", dependencies: ["CLazyLoad"]),
        // glibc's allocator set up for one large input in a short-lived command (issue 17).
        .target(name: "CProcessHeap"),

        // The value types passed between stages.
        .target(name: "BriefingCore"),
        // Stages. They import BriefingCore, never each other.
        .target(name: "Fetching", dependencies: ["BriefingCore", "CCurlShim"]),
        .target(name: "FeedParsing", dependencies: ["BriefingCore"]),
        .target(name: "Extraction", dependencies: ["BriefingCore", "CLibXML2"]),
        .target(name: "Summarization", dependencies: ["BriefingCore"]),
        .target(name: "Rendering", dependencies: ["BriefingCore"]),
        // What has been seen and briefed: the run state, in SQLite or PostgreSQL.
        .target(name: "History", dependencies: ["BriefingCore", "CSQLite", "CPostgres"]),
        // Chains the stages; owns configuration.
        .target(
            name: "Pipeline",
            dependencies: [
                "BriefingCore", "Fetching", "FeedParsing", "Extraction", "Summarization", "Rendering", "History",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command-line interface: argument parsing only.
        .executableTarget(
            name: "briefing",
            dependencies: [
                "Pipeline", "BriefingCore", "FeedParsing", "Fetching", "Summarization", "Extraction",
                "CProcessHeap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Release builds carry the Swift runtime and Foundation inside the binary: the
            // dynamic loader then binds ~7,000 fewer symbols across 14 fewer libraries at every
            // start (issue 17: `--version` 15 ms of CPU instead of 9.5 on this machine; what
            // remains is mostly libcurl's and libxml2's own dependencies). The compile flag
            // makes this module's imports name the static libraries' dependencies
            // (CoreFoundation, _FoundationICU...) for the linker; lld links them without gold's
            // warning about Foundation's use of mktemp. Its ~78,000 relative relocations (the
            // runtime's metadata pointers) are packed as RELR (glibc 2.36, Debian 12): a table of
            // 15 KB instead of 1.9 MB for the loader to read at every start, ~0.4 ms of `--version`
            // here. Debug builds and tests stay dynamic.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                    .when(configuration: .release))
            ]
        ),
        // Benchmarks (run with -c release; they print their figures).
        .executableTarget(name: "SummarizationBenchmark", dependencies: ["Summarization"]),
        .executableTarget(name: "FeedParsingBenchmark", dependencies: ["FeedParsing"]),
        .executableTarget(name: "ExtractionBenchmark", dependencies: ["Extraction"]),
        .executableTarget(name: "Benchmarks", dependencies: ["Fetching", "Pipeline", "History", "TestSupport"]),

        // The command line: its short ways read each command line as swift-argument-parser does.
        .testTarget(name: "BriefingCommandTests", dependencies: ["briefing"]),
        .testTarget(name: "FeedParsingTests", dependencies: ["FeedParsing"]),
        .testTarget(name: "SummarizationTests", dependencies: ["Summarization"]),
        // Loopback HTTP and SMTP servers for the tests, and the HTML audit (libxml2).
        .target(name: "TestSupport", dependencies: ["CLibXML2"], path: "Tests/TestSupport"),
        .testTarget(name: "FetchingTests", dependencies: ["Fetching", "TestSupport", "CCurlShim", "CLazyLoad"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction"]),
        .testTarget(name: "BriefingCoreTests", dependencies: ["BriefingCore"]),
        // The feed and page paths read every encoding label alike.
        .testTarget(name: "TextDecodingTests", dependencies: ["BriefingCore", "FeedParsing", "Extraction"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "BriefingCore", "FeedParsing", "TestSupport"]),
        .testTarget(name: "HistoryTests", dependencies: ["BriefingCore", "History", "TestSupport"]),
        .testTarget(
            name: "PipelineTests", dependencies: ["Pipeline", "History", "Summarization", "TestSupport"],
            // Read by path, so that they can be recorded anew in place.
            exclude: ["Golden"]),
        // deploy/: the manifests and units checked by kubernetes-validate and systemd-analyze, and
        // their briefing command lines and configurations by the built binary.
        .testTarget(name: "DeploymentTests", dependencies: ["TestSupport"]),
        // Issue 19 with real parts: `briefing refresh` worker processes over the feed farm's
        // 2,000 feeds, their state in a private PostgreSQL cluster (and in SQLite), a worker
        // killed and the database restarted mid-cycle, the briefing composed from the state.
        .testTarget(name: "ScaleTests", dependencies: ["TestSupport"]),

        // Fuzz targets (scripts/fuzz builds them with -sanitize=fuzzer,address)
        .target(name: "CFuzzSupport", path: "Sources/Fuzz/CFuzzSupport"),
        .executableTarget(
            name: "FuzzFeedParser", dependencies: ["FeedParsing", "BriefingCore", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzFeedParser"),
        .executableTarget(
            name: "FuzzDateParser", dependencies: ["FeedParsing", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzDateParser"),
        .executableTarget(
            name: "FuzzOPML", dependencies: ["FeedParsing", "BriefingCore", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzOPML"),
        .executableTarget(
            name: "FuzzArticleExtractor", dependencies: ["Extraction", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzArticleExtractor"),
        .executableTarget(
            name: "FuzzSummarizer", dependencies: ["Summarization", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzSummarizer"),
        .executableTarget(
            name: "FuzzConfiguration", dependencies: ["Pipeline", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzConfiguration"),
        .executableTarget(
            name: "FuzzRenderer", dependencies: ["Rendering", "BriefingCore", "TestSupport", "CFuzzSupport"],
            path: "Sources/Fuzz/FuzzRenderer"),
    ]
)

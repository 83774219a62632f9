// swift-tools-version: 6.0
import PackageDescription

/// Builds of the numeric kernels get AVX2 + FMA on x86-64 hosts (see Docs/performance.md).
let kernelSettings: [SwiftSetting] = {
  #if arch(x86_64)
    // x86-64-v3 = AVX2 + FMA (Haswell, 2013+; Zen 1+). TRACER_PORTABLE=1 builds for any x86-64.
    if Context.environment["TRACER_PORTABLE"] == "1" { return [.define("TRACER_NO_FMA")] }
    return [.unsafeFlags(["-Xcc", "-march=x86-64-v3"]), .define("TRACER_X86_64_V3")]
  #else
    return []  // arm64: NEON and fused multiply-add are part of the baseline.
  #endif
}()

let package = Package(
  name: "TransformerTracer",
  products: [
    .executable(name: "tracer", targets: ["tracer"])
  ],
  targets: [
    // SHA-256 with the x86 SHA extensions, which Swift cannot reach (see the header).
    .target(name: "CSHA256"),
    .target(name: "TensorFiles", dependencies: ["CSHA256"]),
    .target(name: "TinyGPT", dependencies: ["TensorFiles"], swiftSettings: kernelSettings),
    .target(name: "TraceKit", dependencies: ["TinyGPT", "TensorFiles"]),
    .target(name: "Training", dependencies: ["TinyGPT"], swiftSettings: kernelSettings),
    .target(name: "TerminalKit", dependencies: ["TensorFiles"]),
    .target(name: "Walkthrough", dependencies: ["TraceKit", "TerminalKit"]),
    .target(
      name: "BuiltinData",
      path: "Walkthroughs",
      exclude: ["README.md", "models", "scripts", "corpora"],
      sources: ["builtin_data.c"],
      publicHeadersPath: "include"
    ),
    .target(name: "BuiltinContent", dependencies: ["BuiltinData"]),
    .executableTarget(
      name: "tracer",
      dependencies: [
        "TensorFiles", "TinyGPT", "TraceKit", "Training", "TerminalKit", "Walkthrough",
        "BuiltinContent",
      ]
    ),
    .testTarget(name: "TensorFilesTests", dependencies: ["TensorFiles"]),
    .testTarget(
      name: "TinyGPTTests", dependencies: ["TinyGPT", "TensorFiles"], exclude: ["Fixtures"]),
    .testTarget(name: "TraceKitTests", dependencies: ["TraceKit", "TensorFiles"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "TinyGPT"]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(
      name: "TerminalKitTests", dependencies: ["TerminalKit", "TensorFiles", "TestSupport"],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "WalkthroughTests",
      dependencies: ["Walkthrough", "TraceKit", "TinyGPT", "TensorFiles", "BuiltinContent"],
      exclude: ["__Snapshots__"]),
    .testTarget(name: "TracerCLITests", dependencies: ["tracer", "TestSupport", "TerminalKit"]),
  ]
)

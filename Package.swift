// swift-tools-version: 6.0
import PackageDescription

/// Release builds of the numeric kernels get AVX2 + FMA on x86-64 (see Docs/performance.md).
let kernelSettings: [SwiftSetting] = []

let package = Package(
  name: "TransformerTracer",
  products: [
    .executable(name: "tracer", targets: ["tracer"])
  ],
  targets: [
    .target(name: "TinyGPT", swiftSettings: kernelSettings),
    .target(name: "TraceKit", dependencies: ["TinyGPT"]),
    .target(name: "Training", dependencies: ["TinyGPT"], swiftSettings: kernelSettings),
    .target(name: "TerminalKit"),
    .target(name: "Walkthrough", dependencies: ["TraceKit", "TerminalKit"]),
    .target(
      name: "BuiltinContent",
      path: "Walkthroughs",
      exclude: ["README.md", "corpora"],
      sources: ["BuiltinContent.swift"],
      resources: [
        .embedInCode("models/robots.json"),
        .embedInCode("models/sort.json"),
        .embedInCode("scripts/default.walk"),
      ]
    ),
    .executableTarget(
      name: "tracer",
      dependencies: ["TinyGPT", "TraceKit", "Training", "TerminalKit", "Walkthrough", "BuiltinContent"]
    ),
    .testTarget(name: "TinyGPTTests", dependencies: ["TinyGPT"]),
    .testTarget(name: "TraceKitTests", dependencies: ["TraceKit"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "TinyGPT"]),
    .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
    .testTarget(name: "WalkthroughTests", dependencies: ["Walkthrough", "TraceKit", "TinyGPT", "BuiltinContent"]),
    .testTarget(name: "TracerCLITests", dependencies: ["tracer"]),
  ]
)

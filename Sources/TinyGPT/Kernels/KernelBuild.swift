/// How this build of the kernels was compiled, for reports and tests.
public enum KernelBuild {
  /// Whether products use fused multiply-add (one rounding per step of `k`).
  ///
  /// False only in portable x86-64 builds (`TRACER_PORTABLE=1`), which round the product and
  /// the sum separately.
  public static let fusedMultiplyAdd: Bool = {
    #if TRACER_NO_FMA
      return false
    #else
      return true
    #endif
  }()

  /// The instruction-set baseline the kernels were compiled for, such as `x86-64-v3 (AVX2, FMA)`.
  public static let instructionSet: String = {
    #if TRACER_X86_64_V3
      return "x86-64-v3 (AVX2, FMA)"
    #elseif TRACER_NO_FMA
      return "x86-64 baseline (SSE2, no FMA; TRACER_PORTABLE=1)"
    #elseif arch(arm64)
      return "arm64 (NEON, FMA)"
    #elseif arch(x86_64)
      return "x86-64 (unknown flags)"
    #else
      return "generic"
    #endif
  }()
}

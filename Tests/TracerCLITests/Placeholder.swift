import Testing

@Test func placeholderTracerCLI() {}

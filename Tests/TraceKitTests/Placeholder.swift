import Testing

@Test func placeholderTraceKit() {}

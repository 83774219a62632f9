import Testing

@Test func placeholderWalkthrough() {}

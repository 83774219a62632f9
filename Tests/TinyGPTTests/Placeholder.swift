import Testing

@Test func placeholderTinyGPT() {}

// Walkthrough

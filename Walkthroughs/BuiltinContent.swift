/// Files from `Walkthroughs/` compiled into the binary (see `Package.swift`).
public enum BuiltinContent {}

import Foundation
import TensorFiles

/// Entry point: picks the command, runs it, and turns every error (including a failure to
/// write standard output) into one line on standard error and an exit code.
func tracerMain(_ argv: [String]) -> Int32 {
  let console = Console.standard
  var words = Array(argv.dropFirst())
  guard let first = words.first else {
    console.note(topLevelHelp.rendered(width: console.width))
    return 2
  }
  words.removeFirst()
  do {
    if first == "--help" || first == "-h" || first == "help" {
      try console.out(topLevelHelp.rendered(width: console.width))
      return 0
    }
    if first == "--version" {
      try console.out("tracer \(tracerVersion)\n")
      return 0
    }
    guard let type = allCommands.first(where: { $0.name == first }) else {
      let names = allCommands.map { $0.name }.joined(separator: ", ")
      throw UsageError("unknown command '\(excerpt(first))' (commands: \(names))")
    }
    var arguments = Arguments(words, declared: type.help.options)
    if arguments.wantsHelp {
      try console.out(type.help.rendered(width: console.width))
      return 0
    }
    let command = try type.init(parsing: &arguments)
    try arguments.finish()
    try command.run()
    return 0
  } catch let exit as CommandExit {
    return exit.status
  } catch let error as UsageError {
    let isCommand = allCommands.contains { $0.name == first }
    console.error(isCommand ? "\(error) (see 'tracer \(first) --help')" : "\(error)")
    return 2
  } catch {
    console.error("\(error)")
    return 1
  }
}

let tracerVersion = "0.1.0"

let topLevelHelp = Help(
  usage: "tracer <command> [options]",
  abstract:
    "Watch a small GPT-style transformer think: every intermediate matrix, with real numbers.",
  discussion:
    "Run 'tracer walk' for the step-by-step walkthrough of the built-in model. Every command takes --help.",
  options: allCommands.map {
    OptionSpec(names: [$0.name], placeholder: nil, help: $0.help.abstract)
  }
    + [OptionSpec(names: ["--version"], placeholder: nil, help: "Print the version.")],
  optionsTitle: "COMMANDS")

MemoryPolicy.keepFreedMemory()
exit(tracerMain(CommandLine.arguments))

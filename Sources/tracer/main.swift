import Foundation

/// Entry point: picks the command, runs it, and turns every error into one line and an exit code.
func tracerMain(_ argv: [String]) -> Int32 {
  var words = Array(argv.dropFirst())
  let console = Console.standard
  guard let first = words.first else {
    console.note(topLevelHelp.rendered(width: console.width))
    return 2
  }
  if first == "--help" || first == "-h" || first == "help" {
    console.out(topLevelHelp.rendered(width: console.width))
    return 0
  }
  if first == "--version" {
    console.out("tracer \(tracerVersion)\n")
    return 0
  }
  words.removeFirst()
  guard let type = allCommands.first(where: { $0.name == first }) else {
    console.error(
      "unknown command '\(first)' (commands: \(allCommands.map { $0.name }.joined(separator: ", ")))"
    )
    return 2
  }
  var arguments = Arguments(words, declared: type.help.options)
  if arguments.wantsHelp {
    console.out(type.help.rendered(width: console.width))
    return 0
  }
  do {
    let command = try type.init(parsing: &arguments)
    try arguments.finish()
    try command.run()
    return 0
  } catch let exit as CommandExit {
    return exit.status
  } catch let error as UsageError {
    console.error("\(error) (see 'tracer \(first) --help')")
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

exit(tracerMain(CommandLine.arguments))

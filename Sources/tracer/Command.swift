/// One `tracer` subcommand: its help, how it reads its arguments, and what it does.
protocol Command {
  /// The word that selects the command (`trace`, `walk`, ...).
  static var name: String { get }
  static var help: Help { get }
  /// Reads the options; throws `UsageError` for anything wrong or left over.
  init(parsing arguments: inout Arguments) throws
  /// Does the work. Errors are printed as one line by `main`.
  func run() throws
}

/// Every command, in the order `tracer --help` lists them.
var allCommands: [any Command.Type] {
  [
    WalkCommand.self, ReplayCommand.self, TraceCommand.self, ExplainCommand.self, DiffCommand.self,
    PredictCommand.self, GenerateCommand.self, CircuitsCommand.self, LensCommand.self,
    AttributeCommand.self, InfoCommand.self, InitCommand.self, TrainCommand.self,
    ExportCommand.self, BenchCommand.self,
  ]
}

import TerminalKit

/// The quiz (`--quiz`): what has been answered, and the score.
public struct QuizState: Equatable, Sendable {
  /// One answer: the option chosen (from 0) and whether it was right.
  public struct Answer: Equatable, Sendable {
    public var choice: Int
    public var right: Bool
  }

  /// The questions answered on the current trace, by id.
  public var answered: [String: Answer] = [:]
  /// Right answers and questions answered, over the whole session (re-runs included).
  public var right = 0
  public var asked = 0

  public init() {}
}

extension WalkthroughViewer {
  /// The question of the current page that is still to be answered; nil without a quiz.
  public var pendingQuestion: QuizQuestion? {
    guard let quiz, !showingHelp,
      let question = walkthrough.quizQuestion(page: position.page, at: position),
      quiz.answered[question.id] == nil
    else { return nil }
    return question
  }

  /// A number key answering the pending question (nil: the key is not an answer).
  mutating func handleQuiz(_ key: Key) -> Action? {
    guard let question = pendingQuestion, case .character(let c) = key,
      let number = c.wholeNumberValue, (1...question.options.count).contains(number)
    else { return nil }
    let right = question.answers.contains(number - 1)
    quiz?.answered[question.id] = QuizState.Answer(choice: number - 1, right: right)
    quiz?.asked += 1
    if right { quiz?.right += 1 }
    return .redraw
  }

  /// The page's lines in a quiz: the question instead of the page while it is unanswered,
  /// then the answer with the real numbers above the page; the score on the last page.
  func quizLines(width: Int) -> [StyledLine]? {
    guard let quiz else { return nil }
    let question = walkthrough.quizQuestion(page: position.page, at: position)
    var lines: [StyledLine] = []
    if let question {
      let numbered = question.options.enumerated().map { index, option in
        StyledLine("  \(index + 1)  \(option)")
      }
      if let given = quiz.answered[question.id] {
        let (choice, right) = (given.choice, given.right)
        let answer = question.answers.sorted().map { question.options[$0] }
        lines.append(
          StyledLine(
            "quiz: you chose \(choice + 1), " + (right ? "right" : "not quite")
              + ": the answer is \(answer.joined(separator: " or "))", style: .bold))
        let numbers = question.options.indices.map {
          "\(question.options[$0]) \(question.numbers[$0])"
        }
        lines += Block.text(numbers.joined(separator: " · "), style: .dim).render(width: width)
        lines.append(StyledLine())
      } else {
        let title = walkthrough.document(page: position.page, at: position).title
        return [StyledLine(title, style: .bold), StyledLine(), StyledLine("Quiz", style: .bold)]
          + Block.text(question.text).render(width: width) + [StyledLine()] + numbered
          + [
            StyledLine(),
            StyledLine(
              "press 1–\(question.options.count) to answer (moving on skips the question)",
              style: .dim),
          ]
      }
    }
    if position.page == pageCount - 1 {
      lines.append(
        StyledLine("quiz score: \(quiz.right) of \(quiz.asked) answered right", style: .bold))
      lines.append(StyledLine())
    }
    return lines
  }
}

/// A whole self-contained HTML file of pages: inline CSS, no network, no script needed.
extension HTMLEncoder {
  /// One HTML file holding every page in order, each in a `<pre>` that keeps the terminal
  /// layout (matrices stay aligned), with a page index at the top linking to `#page-N`.
  ///
  /// The file needs nothing else: the CSS is inline, nothing is fetched, and the small
  /// script (←/→ move between pages) is optional. Printed, every page starts on a new
  /// sheet and keeps its colours (`print-color-adjust: exact`). The output depends only on
  /// the arguments, so the same pages give the same bytes.
  public func file(title: String, pages: [HTMLPage]) -> String {
    let title = Self.escaped(Span.sanitized(title))
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(title)</title>
      <style>
      \(Self.styleSheet)</style>
      </head>
      <body>
      <header id="contents">
      <h1>\(title)</h1>
      <nav aria-label="pages">
      <ol>

      """
    for (index, page) in pages.enumerated() {
      html += "<li><a href=\"#page-\(index + 1)\">\(Self.escaped(page.title))</a></li>\n"
    }
    html += "</ol>\n</nav>\n</header>\n<main>\n"
    for (index, page) in pages.enumerated() {
      let number = index + 1
      html +=
        "<section class=\"page\" id=\"page-\(number)\" aria-label=\"page \(number): "
        + "\(Self.escaped(page.title))\">\n"
      html += "<div class=\"pager\"><a href=\"#contents\">contents</a>"
      if number > 1 { html += " · <a href=\"#page-\(number - 1)\">← previous</a>" }
      html += " · page \(number) of \(pages.count)"
      if number < pages.count { html += " · <a href=\"#page-\(number + 1)\">next →</a>" }
      html += "</div>\n<pre>\(encode(page.lines))</pre>\n</section>\n"
    }
    html += "</main>\n<script>\n\(Self.keyboardScript)</script>\n</body>\n</html>\n"
    return html
  }

  /// Every document rendered at `width` columns, as one file (see `file(title:pages:)`).
  public func file(title: String, documents: [Document], width: Int) -> String {
    file(title: title, pages: documents.map { HTMLPage($0, width: width) })
  }

  /// The inline CSS: a light page, monospace `<pre>` per page, print rules.
  static let styleSheet = """
    :root { --fg: #1a1a1a; --bg: #ffffff; }
    html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    body { margin: 0 auto; padding: 1rem 1.5rem; width: max-content; max-width: none;
      color: var(--fg); background: var(--bg); font-family: system-ui, sans-serif; }
    h1 { font-size: 1.3rem; }
    nav ol { line-height: 1.5; }
    .page { margin: 2.5rem 0; }
    .pager { font-size: 0.85rem; color: #555555; margin-bottom: 0.5rem; }
    pre { margin: 0; white-space: pre; font-size: 14px; line-height: 1.25;
      font-family: "DejaVu Sans Mono", "Menlo", "Consolas", "Liberation Mono", monospace;
      -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    pre span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    @media print {
      @page { margin: 12mm; }
      body { padding: 0; width: auto; }
      .pager { display: none; }
      .page { margin: 0; break-before: page; page-break-before: always; }
      pre { font-size: 8pt; }
    }

    """

  /// ←/→ scroll to the previous/next page; the file reads completely without it.
  static let keyboardScript = """
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (step === 0) return;
      var pages = document.querySelectorAll("section.page");
      var current = -1;
      for (var i = 0; i < pages.length; i++) {
        if (pages[i].getBoundingClientRect().top <= 8) current = i;
      }
      var next = Math.max(0, Math.min(pages.length - 1, current + step));
      if (pages.length > 0) {
        pages[next].scrollIntoView();
        event.preventDefault();
      }
    });

    """
}

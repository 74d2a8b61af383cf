import Foundation

/// What `storyloom preview` serves: the last good build's files, held in memory, and the
/// error of the last build if it failed (the last good files stay served meanwhile). Each
/// build, good or not, is a new generation; pages wait for the next one to reload.
actor PreviewState {
    private(set) var generation = 0
    private(set) var files: [String: Data] = [:]
    /// The generation `files` came from: a page says it, so that a failure after it shows.
    private(set) var filesGeneration = 0
    private(set) var error: String?

    func succeeded(_ built: [String: Data]) {
        files = built
        error = nil
        generation += 1
        filesGeneration = generation
    }

    func failed(_ message: String) {
        error = message
        generation += 1
    }

    /// The generation and error once the generation is past `since`, or after `timeout`
    /// seconds without a change (the page then asks again).
    func wait(since: Int, timeout: Double) async -> (generation: Int, error: String?) {
        let deadline = Date().addingTimeInterval(timeout)
        while generation <= since, Date() < deadline {
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        return (generation, error)
    }
}

/// The script a previewed page loads: it waits for the next build and reloads, or shows the
/// build's error over the page (the page itself is the last good one).
enum PreviewScript {
    static let path = "/__storyloom/reload.js"

    static let text = """
    (function () {
      var since = Number(document.documentElement.getAttribute("data-storyloom-generation") || 0);
      function show(error) {
        var box = document.getElementById("storyloom-error");
        if (!error) { if (box) box.remove(); return; }
        if (!box) {
          box = document.createElement("pre");
          box.id = "storyloom-error";
          box.setAttribute("role", "alert");
          box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;margin:0;padding:1rem;" +
            "background:#fff4f4;color:#8a1020;border:2px solid #8a1020;font:13px/1.4 monospace;white-space:pre-wrap;z-index:99999";
          document.body.appendChild(box);
        }
        box.textContent = "The last build failed; this page is the last good one.\\n\\n" + error;
      }
      function next() {
        fetch("/__storyloom/wait?since=" + since, { cache: "no-store" })
          .then(function (r) { return r.json(); })
          .then(function (state) {
            if (state.generation > since && !state.error) { location.reload(); return; }
            since = state.generation;
            show(state.error);
            next();
          })
          .catch(function () { setTimeout(next, 1000); });
      }
      next();
    })();
    """

    /// A built page as preview serves it: its script loaded, the page's policy opened to this
    /// server only (scripts and requests from 'self'), and the generation it shows.
    static func inject(into html: String, generation: Int) -> String {
        var page = html.replacingOccurrences(of: "default-src 'none';", with: "default-src 'none'; script-src 'self'; connect-src 'self';")
        if let open = page.range(of: "<html") {
            page.replaceSubrange(open, with: "<html data-storyloom-generation=\"\(generation)\"")
        }
        let tag = "<script src=\"\(path)\" defer></script>"
        if let end = page.range(of: "</body>", options: .backwards) {
            page.replaceSubrange(end, with: tag + "</body>")
        } else {
            page += tag
        }
        return page
    }
}

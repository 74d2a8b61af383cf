import Foundation

/// The page around a rendered body: head, styles, header and footer.
public enum HTMLPage {
    /// What a page may load: nothing from anywhere, images only as data, styles only inline.
    /// Even if markup slipped into a page, no script would run and nothing would be fetched.
    public static let contentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

    /// The policy as a meta tag, to place in a page's head.
    public static var contentSecurityPolicyTag: String {
        "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLEscape.text(contentSecurityPolicy))\">"
    }

    /// `page` with the policy tag added after `<head>` if it lacks one (for templates a project
    /// writes itself).
    public static func withContentSecurityPolicy(_ page: String) -> String {
        var page = page
        let (policy, head) = page.withUTF8 { (offset(of: "Content-Security-Policy", in: $0), offset(of: "<head>", in: $0)) }
        guard policy == nil, let head else { return page }
        let after = page.utf8.index(page.utf8.startIndex, offsetBy: head + 6)
        return String(page[..<after]) + "\n" + contentSecurityPolicyTag + String(page[after...])
    }

    /// Where `word` first starts among `bytes` (a page is searched as bytes: a whole page
    /// bridged to Foundation's search cost the sample's full report a millisecond).
    private static func offset(of word: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = word.utf8CodeUnitCount
        guard n > 0, bytes.count >= n else { return nil }
        let first = word.utf8Start[0]
        var i = 0
        while i <= bytes.count - n {
            if bytes[i] == first, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// The default shell: `title` and `language` are escaped here; `style`, `header`, `body`
    /// and `footer` are HTML already. Brands and projects may replace it with their own template.
    public static func standard(title: String, language: String, style: String, header: String, body: String, footer: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(HTMLEscape.text(language))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Storyloom">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <title>\(HTMLEscape.text(TextCleaning.cleanLine(title)))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(header)<main>
        \(body)
        </main>
        \(footer)</body>
        </html>

        """
    }

    /// The stylesheet: custom properties a brand sets, a readable measure, a phone's layout, and
    /// print rules (the page size, contents kept, headings kept with what follows, figures and
    /// quotes whole).
    public static func css(_ style: Style, paper: Paper = .a4) -> String {
        let style = style.sanitisedForCSS()
        return """
        :root {
          --sl-primary: \(style.primary);
          --sl-secondary: \(style.secondary);
          --sl-accent: \(style.accent);
          --sl-muted: \(style.muted);
          --sl-background: \(style.background);
          --sl-foreground: \(style.foreground);
          --sl-link: \(style.link);
          --sl-tint: \(style.tint);
          --sl-font-base: \(style.fontBase);
          --sl-font-headings: \(style.fontHeadings);
          --sl-font-mono: \(style.fontMonospace);
          --sl-font-size: \(style.fontSize);
          --sl-line-height: \(style.lineHeight);
          --sl-heading-weight: \(style.headingWeight);
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--sl-background); color: var(--sl-foreground); font-family: var(--sl-font-base); font-size: var(--sl-font-size); line-height: var(--sl-line-height); }
        main, .sl-page-header, .sl-page-footer { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem; }
        h1, h2, h3, h4, h5, h6 { font-family: var(--sl-font-headings); font-weight: var(--sl-heading-weight); color: var(--sl-primary); line-height: 1.25; margin: 2rem 0 0.75rem; }
        h1 { font-size: 2.2rem; margin-top: 0.5rem; }
        h2 { font-size: 1.6rem; border-bottom: 2px solid var(--sl-tint); padding-bottom: 0.25rem; }
        h3 { font-size: 1.25rem; }
        a { color: var(--sl-link); }
        a:focus-visible { outline: 3px solid var(--sl-accent); outline-offset: 2px; }
        code, pre { font-family: var(--sl-font-mono); font-size: 0.9em; }
        pre { white-space: pre-wrap; background: var(--sl-tint); padding: 0.75rem; overflow-x: auto; }
        .sl-subtitle { font-size: 1.25rem; color: var(--sl-muted); margin-top: 0; }
        .sl-meta { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; color: var(--sl-muted); font-size: 0.95rem; }
        .sl-meta div { display: flex; gap: 0.4rem; }
        .sl-meta dt { font-weight: 600; }
        .sl-meta dd { margin: 0; }
        .sl-contents { background: var(--sl-tint); padding: 0.5rem 1.25rem 1rem; border-radius: 6px; }
        .sl-contents h2 { border: 0; margin-top: 0.75rem; }
        .sl-contents ol { padding-left: 1.25rem; margin: 0.25rem 0; }
        .sl-quote { margin: 1.25rem 0; padding: 0.25rem 0 0.25rem 1.25rem; border-left: 4px solid var(--sl-secondary); }
        .sl-quote blockquote { margin: 0; font-size: 1.05em; }
        .sl-quote blockquote p { margin: 0; }
        .sl-quote blockquote p::before { content: "“"; }
        .sl-quote blockquote p::after { content: "”"; }
        .sl-quote figcaption { color: var(--sl-muted); font-size: 0.9rem; margin-top: 0.35rem; }
        .sl-callout { background: var(--sl-tint); border-left: 6px solid var(--sl-primary); padding: 0.5rem 1.25rem; margin: 1.5rem 0; border-radius: 0 6px 6px 0; }
        .sl-callout-title { font-weight: 700; color: var(--sl-primary); }
        .sl-table { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { border-bottom: 1px solid var(--sl-tint); padding: 0.4rem 0.6rem; vertical-align: top; }
        th { text-align: left; border-bottom: 2px solid var(--sl-primary); }
        .sl-right { text-align: right; } .sl-center { text-align: center; } .sl-left { text-align: left; }
        caption { caption-side: bottom; color: var(--sl-muted); font-size: 0.9rem; padding-top: 0.4rem; }
        .sl-figure { margin: 1.5rem 0; }
        .sl-figure svg { max-width: 100%; height: auto; }
        .sl-figure figcaption { color: var(--sl-muted); font-size: 0.9rem; margin-top: 0.5rem; }
        .sl-chart text { font-family: var(--sl-font-base); font-size: 13px; fill: var(--sl-foreground); }
        .sl-chart .sl-chart-title, .sl-chart .sl-chart-group { font-weight: 700; fill: var(--sl-primary); }
        .sl-sets-drawing { display: block; margin: 0 auto; }
        .sl-sets-drawing text { font-family: var(--sl-font-base); }
        .sl-sets-lists { columns: 2 18rem; column-gap: 2rem; margin-top: 1rem; }
        .sl-sets-region { break-inside: avoid; margin-bottom: 1rem; }
        .sl-sets-region h4 { margin: 0 0 0.25rem; font-size: 1rem; color: var(--sl-foreground); }
        .sl-sets-region ul { margin: 0; padding-left: 1.25rem; }
        .sl-sets-key { display: inline-block; min-width: 1.6em; text-align: center; border: 1.5px solid var(--sl-foreground); border-radius: 1em; font-weight: 700; }
        .sl-notice { border: 2px dashed var(--sl-muted); padding: 0.5rem 1rem; }
        .sl-chart-narrow { display: none; }
        @media screen and (max-width: 36rem) {
          main, .sl-page-header, .sl-page-footer { padding: 1rem 0.9rem; }
          h1 { font-size: 1.75rem; }
          h2 { font-size: 1.35rem; }
          .sl-figure svg.sl-chart:not(.sl-chart-narrow) { display: none; }
          .sl-figure svg.sl-chart-narrow { display: block; width: 100%; }
          .sl-graph { overflow-x: auto; }
          .sl-graph svg { max-width: none; }
        }
        .sl-page-header { display: flex; align-items: center; gap: 1rem; border-bottom: 4px solid var(--sl-primary); }
        .sl-page-header img { max-height: 3.5rem; width: auto; }
        .sl-page-footer { border-top: 1px solid var(--sl-tint); color: var(--sl-muted); font-size: 0.9rem; }
        @page { size: \(paper.cssName); margin: 2.2cm 2cm 2.4cm; @bottom-center { content: counter(page); font-size: 9pt; } }
        @media print {
          :root { --sl-background: #ffffff; --sl-foreground: #000000; }
          body { font-size: 11pt; }
          main, .sl-page-header, .sl-page-footer { max-width: none; padding: 0; }
          .sl-contents { border: 1px solid #000000; break-after: page; }
          p, li { orphans: 3; widows: 3; }
          :root { --sl-primary: #000000; --sl-secondary: #000000; --sl-muted: #333333; --sl-link: #000000; --sl-tint: #ffffff; }
          a { color: inherit; text-decoration: none; }
          a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
          h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
          .sl-quote, .sl-figure, .sl-callout, blockquote, figure, table { break-inside: avoid; page-break-inside: avoid; }
          .sl-callout { border: 1px solid #000000; }
        }
        """
    }
}

extension Style {
    /// The style with anything that could end a CSS declaration or the `<style>` element
    /// removed from its values (semicolons, braces, angle brackets, backslashes and control
    /// characters), since a brand file supplies them.
    func sanitisedForCSS() -> Style {
        func clean(_ value: String) -> String {
            String(String.UnicodeScalarView(value.unicodeScalars.filter { scalar in
                !(scalar.value < 0x20 || (0x7F ..< 0xA0).contains(scalar.value) || ";{}<>\\".unicodeScalars.contains(scalar))
            }))
        }
        var s = self
        for path in [\Style.primary, \.secondary, \.accent, \.muted, \.background, \.foreground, \.link, \.tint, \.fontBase,
                     \.fontHeadings, \.fontMonospace, \.fontSize, \.lineHeight, \.headingWeight] {
            s[keyPath: path] = clean(s[keyPath: path])
        }
        return s
    }
}

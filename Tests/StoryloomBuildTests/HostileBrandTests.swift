import Foundation
import Testing
@testable import StoryloomBuild
import StoryloomDocument

/// A brand folder with `files` (name → bytes) beside `brand.yml`; the error loading it, if any.
private func brandProblem(_ yaml: String, files: [String: Data] = [:], folders: [String] = []) throws -> String? {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-hostile-brand-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
    for name in folders { try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true) }
    try yaml.write(to: folder.appendingPathComponent("brand.yml"), atomically: true, encoding: .utf8)
    do {
        _ = try BrandLoader.load(path: folder.appendingPathComponent("brand.yml").path)
        return nil
    } catch {
        return error.description.replacing(#/^.*brand\.yml/#, with: "brand.yml")
    }
}

@Suite struct HostileBrandTests {
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "data:text/html,<script>", "//evil.example", "evil"])
    func onlyWebAndMailLinks(link: String) throws {
        let problem = try brandProblem("meta: { name: X, link: \"\(link)\" }")
        #expect(problem?.contains("is not an http, https or mailto link") == true, "\(link): \(problem ?? "accepted")")
    }

    @Test func webAndMailLinksAreFine() throws {
        #expect(try brandProblem("meta: { name: X, link: \"https://example.org\" }") == nil)
        #expect(try brandProblem("meta: { name: X, link: \"mailto:team@example.org\" }") == nil)
    }

    @Test func aTextFileNamedPNGIsNotALogo() throws {
        let problem = try brandProblem("logo: { small: logo.png }", files: ["logo.png": Data("<html>not an image</html>".utf8)])
        #expect(problem == "brand.yml:1:16: error at /logo/small: 'logo.png' is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content); use an SVG, PNG, JPEG, GIF or WebP image")
    }

    @Test func aRealPNGIsAcceptedWhateverItsName() throws {
        #expect(try brandProblem("logo: { small: logo.bin }", files: ["logo.bin": png]) == nil)
    }

    @Test func aFolderNamedSVGIsAnError() throws {
        let problem = try brandProblem("logo: { small: logo.svg }", folders: ["logo.svg"])
        #expect(problem?.contains("'logo.svg' is a folder, not an image") == true)
    }

    @Test(arguments: [
        ("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "a <script> element"),
        ("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "an event handler (onload)"),
        ("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'><image xlink:href='https://evil.example/x.png'/></svg>", "an external reference (xlink:href)"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><rect style='fill:url(https://evil.example/x)'/></svg>", "an external url() in style"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(https://evil.example/a.css);</style></svg>", "an external reference in a style sheet"),
        ("<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><div/></foreignObject></svg>", "a <foreignobject> element"),
    ])
    func svgLogosThatCouldRunOrFetchAreRefused(svg: String, what: String) throws {
        let problem = try brandProblem("logo: { small: logo.svg }", files: ["logo.svg": Data(svg.utf8)])
        #expect(problem?.contains("holds \(what), which a logo may not") == true, "\(problem ?? "accepted")")
    }

    @Test(arguments: ["Arial\"];x[label=<<script>alert(1)</script>>", "</style><script>alert(1)</script>", "Sans; background: url(x)", String(repeating: "a", count: 65)])
    func fontFamiliesArePlainNames(family: String) throws {
        let yaml = "typography: { base: { family: '\(family.replacingOccurrences(of: "'", with: "''"))' } }"
        let problem = try brandProblem(yaml)
        #expect(problem?.contains("is not a plain font family name") == true, "\(problem ?? "accepted")")
    }

    @Test func everyProblemOfABrandIsReportedInOneRun() throws {
        let problem = try brandProblem("""
        meta: { name: X, link: "javascript:alert(1)" }
        logo: { small: missing.png }
        color: { primary: notacolour }
        typography: { base: { family: "</style>" } }
        """)
        let lines = problem?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 4, "\(lines)")
        #expect(lines.first?.contains("/meta/link") == true)
        #expect(lines.contains { $0.contains("/logo/small") && $0.contains("does not exist") })
        #expect(lines.contains { $0.contains("/color/primary") })
        #expect(lines.contains { $0.contains("/typography/base/family") })
    }

    @Test func theDOTRendererNeverPassesAnUnknownColourOrFont() {
        var style = Style()
        style.graphFont = "x\"];evil[label=<<b>hi</b>>"
        #expect(style.safeGraphFont == "Helvetica")
        #expect(style.color("notacolour") == nil)
        #expect(style.color("#12345g") == nil)
        #expect(style.color("#0b4f6c") == "#0b4f6c")
        #expect(style.color("primary") == style.primary)
    }
}

@Suite struct LimitNumberTests {
    @Test(arguments: ["1e999MB", "-5MB", "0", "nanMB", "infGB", "2TB", "512KB"])
    func sizesOutsideTheRangeAreRefused(text: String) {
        #expect(parseByteSize(text) == nil)
    }

    @Test func sizesInRangeParse() {
        #expect(parseByteSize("256MB") == 256 << 20)
        #expect(parseByteSize("1 GiB") == 1 << 30)
        #expect(parseByteSize("1TB") == 1 << 40)
    }
}

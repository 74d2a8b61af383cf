import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an SVG file as XML (external entities never resolved) to tell whether it is an SVG
/// and whether it carries anything that could run or fetch once embedded in a page.
enum SVGCheck {
    /// The name of the document's root element, or nil if it is not well-formed XML.
    static func root(of data: Data) -> String? {
        let scan = Scan()
        scan.stopAtRoot = true
        _ = scan.parse(data)
        return scan.rootName
    }

    /// What makes the SVG unsafe to embed (a script, an event handler, an external reference),
    /// or nil.
    static func unsafeContent(_ data: Data) -> String? {
        // Entity declarations are refused before parsing: an external one names a file or URL,
        // internal ones can multiply the text (a "billion laughs"); a logo needs neither.
        if data.range(of: Data("<!ENTITY".utf8)) != nil || data.range(of: Data("<!entity".utf8)) != nil {
            return "an entity declaration (<!ENTITY>)"
        }
        let scan = Scan()
        guard scan.parse(data) || scan.problem != nil else { return notWellFormed }
        return scan.problem
    }

    /// What `unsafeContent` says of an SVG that is not well-formed XML.
    static let notWellFormed = "XML that does not parse"

    private final class Scan: NSObject, XMLParserDelegate {
        var stopAtRoot = false
        var rootName: String?
        var problem: String?
        private var inStyle = false

        func parse(_ data: Data) -> Bool {
            let parser = XMLParser(data: data)
            parser.shouldResolveExternalEntities = false
            parser.delegate = self
            // On Linux `parse()` returns true even for ill-formed XML; the error tells.
            let parsed = parser.parse()
            return parsed && parser.parserError == nil
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let local = (name.split(separator: ":").last.map(String.init) ?? name).lowercased()
            if rootName == nil {
                rootName = local
                if stopAtRoot { parser.abortParsing(); return }
            }
            if ["script", "foreignobject", "iframe", "embed", "object"].contains(local) {
                fail(parser, "a <\(local)> element")
                return
            }
            inStyle = local == "style"
            // An animation can set a link or a handler after the file is checked.
            if ["set", "animate", "animatemotion", "animatetransform"].contains(local),
               let target = attributes.first(where: { $0.key.lowercased() == "attributename" })?.value.lowercased(),
               target.hasPrefix("on") || target == "href" || target.hasSuffix(":href") {
                fail(parser, "an animation of \(target)")
                return
            }
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
                let attribute = key.lowercased()
                if attribute.hasPrefix("on") { fail(parser, "an event handler (\(key))"); return }
                let squeezed = String(String.UnicodeScalarView(value.lowercased().unicodeScalars.filter { $0.value > 0x20 }))
                if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
                    fail(parser, "a script link in \(key)")
                    return
                }
                if attribute == "href" || attribute.hasSuffix(":href") || attribute == "src",
                   !(value.hasPrefix("#") || value.hasPrefix("data:image/")) {
                    fail(parser, "an external reference (\(key))")
                    return
                }
                if Self.externalURL(in: value) { fail(parser, "an external url() in \(key)"); return }
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            inStyle = false
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inStyle, Self.externalURL(in: string) || string.lowercased().contains("@import") {
                fail(parser, "an external reference in a style sheet")
            }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if inStyle, Self.externalURL(in: String(decoding: block, as: UTF8.self)) {
                fail(parser, "an external reference in a style sheet")
            }
        }

        private func fail(_ parser: XMLParser, _ what: String) {
            if problem == nil { problem = what }
            parser.abortParsing()
        }

        /// `url(...)` pointing anywhere but into the same document.
        static func externalURL(in text: String) -> Bool {
            text.firstMatch(of: /(?i)url\(\s*['"]?(?!#)/) != nil
        }
    }
}

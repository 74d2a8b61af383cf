import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed XML document: the little an import needs of it.
final class XMLElement {
    let name: String
    let namespace: String?
    let attributes: [String: String]
    /// The line of its start tag, from 1.
    let line: Int
    /// Where it is, for messages.
    let location: XMLPath
    var children: [XMLElement] = []
    /// Its own character data (CDATA included), children's excluded.
    var text = ""

    init(name: String, namespace: String?, attributes: [String: String], line: Int, location: XMLPath) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.line = line
        self.location = location
    }

    /// Where it is, for messages: `/Project/Sources[1]/TextSource[2]`.
    var path: String { location.text }

    subscript(attribute: String) -> String? { attributes[attribute] }

    func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
    func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
}

/// Parses XML into `XMLElement`s with Foundation's XMLParser, as possibly hostile input:
/// external entities are never resolved, and a document with a DOCTYPE (where entity
/// declarations live, and with them entity expansion bombs) is refused before parsing, as
/// neither REFI-QDA nor Office files have one.
enum XMLTree {
    struct Failure: Error {
        var line: Int?
        var message: String
    }

    static func parse(_ input: Data, maximumDepth: Int) throws(Failure) -> XMLElement {
        if let line = doctypeLine(input) {
            throw Failure(line: line, message: "the XML declares a DOCTYPE, which this file type never has; refused, as its entity declarations could expand without bound")
        }
        let data = try utf8(input)
        // Fed as a stream: given all its data at once, XMLParser on Linux (libxml2) refuses a
        // document past about 10 MB at its end, and a large study's project.qde is bigger.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = Builder(maximumDepth: maximumDepth)
        builder.parser = parser
        parser.delegate = builder
        let ok = parser.parse()
        if let failure = builder.failure { throw failure }
        if ok, let open = builder.stack.last {
            throw Failure(line: parser.lineNumber, message: "the XML is not well-formed: it ends inside <\(open.name)> (line \(open.line))")
        }
        guard ok, let root = builder.root else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not well-formed"
            throw Failure(line: parser.lineNumber > 0 ? parser.lineNumber : nil, message: "the XML is not well-formed (\(reason))")
        }
        return root
    }

    /// The document as UTF-8, the one encoding handed to the parser: XMLParser on Linux traps
    /// on some malformed UTF-8 (in attribute values) instead of reporting it, so the bytes are
    /// checked first. UTF-16 (with a byte-order mark) is converted; a declaration of any other
    /// encoding is refused, as REFI-QDA and Office files are UTF-8.
    static func utf8(_ data: Data) throws(Failure) -> Data {
        var text: String
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let decoded = String(data: data, encoding: .utf16) else {
                throw Failure(line: nil, message: "the XML starts as UTF-16 but is not valid UTF-16")
            }
            text = decoded
        } else {
            let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
            guard let decoded = String(data: body, encoding: .utf8) else {
                let offset = UTF8Check.firstInvalidByte(body) ?? 0
                let line = body.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                throw Failure(line: line, message: "the XML is not valid UTF-8 (at byte \(offset))")
            }
            // The first 200 characters as a string of their own: searching a slice of the whole
            // document would have Foundation index all of it first.
            if !decoded.hasPrefix("<?xml") || String(decoded.prefix(200)).range(of: "encoding") == nil { return Data(body) }
            if declaresUTF8(body) { return Data(body) }
            text = decoded
        }
        // The declaration, if any, must now say UTF-8.
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            let declaration = String(text[..<end.upperBound])
            if let (value, found) = encoding(in: declaration) {
                switch value.lowercased() {
                case "utf-8", "utf8": break
                case "utf-16", "utf16", "utf-16le", "utf-16be":
                    text = declaration.replacingCharacters(in: found, with: "encoding=\"UTF-8\"") + text[end.upperBound...]
                default:
                    throw Failure(line: 1, message: "the XML declares the encoding '\(value)'; only UTF-8 (and UTF-16) are read")
                }
            }
        }
        return Data(text.utf8)
    }

    /// Whether a UTF-8 document's declaration says UTF-8 (or no encoding), found in its bytes:
    /// the usual case, where the document is used as it is. Searching the whole document as a
    /// string, as the general case below does, would have Foundation index all of it first.
    private static func declaresUTF8(_ body: Data) -> Bool {
        // The first `?>`; if a non-ASCII byte follows it (a combining mark would make a string
        // search pass over it), the general case decides.
        guard let close = firstOffset(of: "?>", in: body) else { return false }
        let after = body.index(body.startIndex, offsetBy: close + 2)
        if after < body.endIndex, body[after] >= 0x80 { return false }
        let declaration = String(decoding: body.prefix(close + 2), as: UTF8.self)
        guard let value = encoding(in: declaration)?.value else { return true }
        return ["utf-8", "utf8"].contains(value.lowercased())
    }

    /// The encoding an XML declaration names, and where it names it.
    private static func encoding(in declaration: String) -> (value: String, range: Range<String.Index>)? {
        guard let found = declaration.range(of: #"encoding\s*=\s*["']([^"']*)["']"#, options: .regularExpression) else { return nil }
        let value = declaration[found].split(whereSeparator: { $0 == "\"" || $0 == "'" }).dropFirst().first.map(String.init) ?? ""
        return (value, found)
    }

    /// The line of a `<!DOCTYPE`, if the document has one. UTF-16 documents are decoded first;
    /// anything else is ASCII-compatible for this purpose.
    static func doctypeLine(_ data: Data) -> Int? {
        let bytes = [UInt8](data.prefix(2))
        let text: String
        if bytes == [0xFE, 0xFF] || (bytes.count == 2 && bytes[0] == 0 && bytes[1] != 0) {
            text = String(decoding: data.withUnsafeBytes { raw in
                stride(from: 0, to: raw.count - 1, by: 2).map { UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1]) }
            }, as: UTF16.self)
        } else if bytes == [0xFF, 0xFE] || (bytes.count == 2 && bytes[0] != 0 && bytes[1] == 0) {
            text = String(decoding: data.withUnsafeBytes { raw in
                stride(from: 0, to: raw.count - 1, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
            }, as: UTF16.self)
        } else {
            guard let offset = firstOffset(of: "<!DOCTYPE", in: data) else { return nil }
            return data.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        guard let range = text.range(of: "<!DOCTYPE") else { return nil }
        return text[..<range.lowerBound].reduce(1) { $0 + ($1 == "\n" ? 1 : 0) }
    }

    /// Where `needle` (ASCII) first occurs in `data`: C's memchr finds each candidate first
    /// byte (Data's own search goes byte by byte through a 100 MB project).
    static func firstOffset(of needle: String, in data: Data) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return 0 }
        return data.withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Int? in
            guard let base = haystack.baseAddress else { return nil }
            var offset = 0
            while offset + pattern.count <= haystack.count {
                guard let hit = memchr(base + offset, Int32(first), haystack.count - offset) else { return nil }
                let at = base.distance(to: UnsafeRawPointer(hit))
                guard at + pattern.count <= haystack.count else { return nil }
                if memcmp(base + at, pattern, pattern.count) == 0 { return at }
                offset = at + 1
            }
            return nil
        }
    }

    private final class Builder: NSObject, XMLParserDelegate {
        let maximumDepth: Int
        weak var parser: XMLParser?
        var root: XMLElement?
        var stack: [XMLElement] = []
        /// Per open element, how many children of each name it has had (for paths).
        var counts: [SiblingCounts] = [SiblingCounts()]
        var failure: Failure?

        init(maximumDepth: Int) { self.maximumDepth = maximumDepth }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            guard stack.count < maximumDepth else {
                failure = Failure(line: parser.lineNumber, message: "elements are nested more than \(maximumDepth) deep")
                parser.abortParsing()
                return
            }
            let n = counts[counts.count - 1].next(elementName)
            let location = XMLPath(parent: stack.last?.location, name: elementName, ordinal: n)
            let element = XMLElement(name: elementName, namespace: namespaceURI, attributes: attributes,
                                     line: parser.lineNumber, location: location)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
            counts.append(SiblingCounts())
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            counts.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }

        // A DOCTYPE got past the check (an encoding it did not decode): stop at the first
        // declaration rather than expand anything.
        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            failure = Failure(line: parser.lineNumber, message: "the XML declares an entity ('\(name)'); refused, as entities can expand without bound")
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            failure = Failure(line: parser.lineNumber, message: "the XML declares an external entity ('\(name)'); refused")
            parser.abortParsing()
        }
    }
}

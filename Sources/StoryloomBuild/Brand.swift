import Foundation
import StoryloomCorpus
import StoryloomDocument
import Yams
import StoryloomShared

/// An organisation's look and words for its reports: `brand.yml`, modelled on the keys people
/// know from Quarto's `_brand.yml` (meta, logo, color, typography) plus Storyloom's `report`.
public struct Brand: Sendable {
    public struct Logo: Sendable, Equatable {
        /// The image file (resolved).
        public var path: String
        public var alt: String
    }

    public var file: String
    public var name: String?
    public var link: String?
    /// By size: `small`, `medium`, `large`.
    public var logos: [String: Logo] = [:]
    public var style = Style()
    public var footer: String?
    public var contact: String?
    public var partners: [String] = []
    /// Markdown that replaces the corpus's introduction in reports.
    public var introduction: String?
    /// The page size of PDF and Typst, unless the project sets one.
    public var paper: Paper?
    /// Who email digests are from, unless the project says (`report.from`).
    public var from: Mailbox?
    /// A Mustache template for the HTML page (resolved), if the brand has its own.
    public var template: String?
    /// Problems that do not stop a build (such as a link colour of low contrast).
    public var warnings: [String] = []

    /// The logo to show in a page header: medium, else large, else small.
    public var headerLogo: Logo? { logos["medium"] ?? logos["large"] ?? logos["small"] }
}

public enum BrandLoader {
    public static func load(path: String) throws(ProjectError) -> Brand {
        try parse(try NodeReader.readText(path, what: "brand file", suggestion: nil), file: path)
    }

    /// Reads brand text; `file` names it in errors and locates its logo and template files.
    public static func parse(_ text: String, file path: String) throws(ProjectError) -> Brand {
        let root = try NodeReader.compose(text, file: path, empty: "give at least meta.name or color.primary")
        let reader = NodeReader(file: path)
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(p) }
        var brand = Brand(file: path)
        let top = try reader.mapping(root, "", keys: ["meta", "logo", "color", "typography", "report", "template"])
        // Each part is read on its own, so one run reports a problem in every part.
        var problems: [ProjectError] = []
        func part(_ read: () throws(ProjectError) -> Void) {
            do { try read() } catch { problems.append(error) }
        }
        if let meta = top["meta"] { part { () throws(ProjectError) in
            let entries = try reader.mapping(meta, "/meta", keys: ["name", "link"])
            brand.name = try entries["name"].map { n throws(ProjectError) in try reader.nameText(n, "/meta/name") }
            brand.link = try entries["link"].map { n throws(ProjectError) in
                let link = try reader.string(n, "/meta/link")
                // The link goes into the page header: only web and mail links, never script.
                guard let scheme = link.split(separator: ":", maxSplits: 1).first?.lowercased(),
                      link.contains(":"), ["http", "https", "mailto"].contains(scheme) else {
                    throw reader.error(n, "/meta/link", "'\(link)' is not an http, https or mailto link", suggestion: "write e.g. https://example.org")
                }
                return link
            }
        } }
        if let logo = top["logo"], let sizes = try? reader.mapping(logo, "/logo", keys: ["small", "medium", "large"]) {
            for (size, node) in sizes.sorted(by: { $0.key < $1.key }) { part { () throws(ProjectError) in
                let here = "/logo/\(size)"
                var file: String, alt = brand.name.map { "\($0) logo" } ?? "Logo"
                if case .scalar = node {
                    file = try reader.string(node, here)
                } else {
                    let entries = try reader.mapping(node, here, keys: ["path", "alt"])
                    guard let pathNode = entries["path"] else { throw reader.error(node, here, "missing required key 'path'", suggestion: "give the image file") }
                    file = try reader.string(pathNode, here + "/path")
                    if let altNode = entries["alt"] { alt = try reader.string(altNode, here + "/alt") }
                }
                let resolved = resolve(file)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else {
                    throw reader.error(node, here, "the logo file '\(file)' does not exist", suggestion: "paths are relative to the brand file's folder")
                }
                guard !isFolder.boolValue else {
                    throw reader.error(node, here, "'\(file)' is a folder, not an image", suggestion: "name the image file")
                }
                if let problem = LogoImage.problem(resolved) {
                    throw reader.error(node, here, "'\(file)' \(problem)", suggestion: "use an SVG, PNG, JPEG, GIF or WebP image")
                }
                brand.logos[size] = Brand.Logo(path: resolved, alt: alt)
            } }
        } else if let logo = top["logo"] {
            part { () throws(ProjectError) in _ = try reader.mapping(logo, "/logo", keys: ["small", "medium", "large"]) }
        }
        // Colours and fonts are read entry by entry: every bad one is reported, not the first.
        if let color = top["color"] { readColors(color, reader, &brand, &problems) }
        if let typography = top["typography"] { readTypography(typography, reader, &brand, &problems) }
        if let report = top["report"] { part { () throws(ProjectError) in
            let entries = try reader.mapping(report, "/report", keys: ["footer", "contact", "partners", "introduction", "paper", "from"])
            brand.from = try entries["from"].map { n throws(ProjectError) in try reader.mailbox(n, "/report/from") }
            brand.paper = try entries["paper"].map { n throws(ProjectError) in try reader.paper(n, "/report/paper") }
            brand.footer = try entries["footer"].map { n throws(ProjectError) in try reader.string(n, "/report/footer") }
            brand.contact = try entries["contact"].map { n throws(ProjectError) in try reader.string(n, "/report/contact") }
            brand.introduction = try entries["introduction"].map { n throws(ProjectError) in try reader.string(n, "/report/introduction") }
            if let partners = entries["partners"] {
                brand.partners = try reader.sequence(partners, "/report/partners").enumerated().map { n, node throws(ProjectError) in
                    try reader.string(node, "/report/partners/\(n)")
                }
            }
        } }
        if let template = top["template"] { part { () throws(ProjectError) in
            let file = resolve(try reader.string(template, "/template"))
            guard FileManager.default.fileExists(atPath: file) else {
                throw reader.error(template, "/template", "the template file does not exist", suggestion: "paths are relative to the brand file's folder")
            }
            brand.template = file
        } }
        if var first = problems.first {
            first.alsoFound = problems.dropFirst().map(\.description)
            throw first
        }
        return brand
    }

    /// `color`: a named palette, then roles that are colours or palette names. Each bad entry
    /// is added to `problems`; the contrast check runs only when every colour was read.
    private static func readColors(_ node: Node, _ reader: NodeReader, _ brand: inout Brand, _ problems: inout [ProjectError]) {
        let roles = ["primary", "secondary", "accent", "muted", "background", "foreground", "link", "tint"]
        let entries: [String: Node]
        do {
            entries = try reader.mapping(node, "/color", keys: ["palette"] + roles)
        } catch {
            problems.append(error)
            return
        }
        let before = problems.count
        var palette: [String: String] = [:]
        // Names given but not colours: a role naming one is not reported a second time.
        var badNames = Set<String>()
        if let paletteNode = entries["palette"] {
            do {
                for (name, value) in try reader.anyMapping(paletteNode, "/color/palette") {
                    do throws(ProjectError) {
                        let text = try reader.string(value, "/color/palette/\(name)")
                        guard let hex = CSSColor.hex(text) else {
                            throw reader.error(value, "/color/palette/\(name)", "'\(text)' is not a colour", suggestion: "write it as #rrggbb, #rgb, or a CSS colour name such as white")
                        }
                        palette[name] = hex
                    } catch {
                        badNames.insert(name)
                        problems.append(error)
                    }
                }
            } catch {
                problems.append(error)
            }
        }
        var resolved: [String: String] = [:]
        for role in roles {
            guard let value = entries[role] else { continue }
            do throws(ProjectError) {
                let text = try reader.string(value, "/color/\(role)")
                if let hex = palette[text] ?? CSSColor.hex(text) {
                    resolved[role] = hex
                    continue
                }
                if badNames.contains(text) { continue }
                var suggest = Suggest()
                if text.first?.isLetter == true, let near = suggest.nearest(to: text, among: Array(palette.keys).sorted()) {
                    throw reader.error(value, "/color/\(role)", "'\(text)' is not in the palette", suggestion: "did you mean '\(near)'?")
                }
                throw reader.error(value, "/color/\(role)", "'\(text)' is neither a colour nor a palette name",
                                   suggestion: palette.isEmpty ? "write it as #rrggbb" : "palette names: \(palette.keys.sorted().joined(separator: ", "))")
            } catch {
                problems.append(error)
            }
        }
        guard problems.count == before else { return }
        var style = brand.style
        style.primary = resolved["primary"] ?? style.primary
        style.secondary = resolved["secondary"] ?? style.secondary
        style.accent = resolved["accent"] ?? style.accent
        style.muted = resolved["muted"] ?? style.muted
        style.background = resolved["background"] ?? style.background
        style.foreground = resolved["foreground"] ?? style.foreground
        style.link = resolved["link"] ?? style.link
        style.tint = resolved["tint"] ?? style.tint
        // Text must be readable: foreground on background is an error below WCAG AA (4.5:1);
        // other text colours are warned about.
        if let ratio = Contrast.ratio(style.foreground, style.background), ratio < 4.5 {
            problems.append(reader.error(entries["foreground"] ?? entries["background"] ?? node, "/color/foreground",
                                         String(format: "foreground %@ on background %@ has a contrast of %.2f:1, below WCAG AA (4.5:1)", style.foreground, style.background, ratio),
                                         suggestion: "darken the foreground or lighten the background"))
            return
        }
        for role in ["primary", "link", "secondary", "accent"] {
            let colour = role == "primary" ? style.primary : role == "link" ? style.link : role == "secondary" ? style.secondary : style.accent
            if let ratio = Contrast.ratio(colour, style.background), ratio < 4.5 {
                brand.warnings.append(String(format: "%@: color.%@ %@ on background %@ has a contrast of %.2f:1, below WCAG AA (4.5:1); text in it may be hard to read",
                                             brand.file, role, colour, style.background, ratio))
            }
        }
        brand.style = style
    }

    /// `typography`: each role's family, size, line height and weight, every bad one added to
    /// `problems`.
    private static func readTypography(_ node: Node, _ reader: NodeReader, _ brand: inout Brand, _ problems: inout [ProjectError]) {
        func read<T>(_ body: () throws(ProjectError) -> T) -> T? {
            do { return try body() } catch { problems.append(error); return nil }
        }
        guard let entries = read({ () throws(ProjectError) in try reader.mapping(node, "/typography", keys: ["base", "headings", "monospace"]) }) else { return }
        for (role, value) in entries.sorted(by: { $0.key < $1.key }) {
            let here = "/typography/\(role)"
            guard let font = read({ () throws(ProjectError) in try reader.mapping(value, here, keys: ["family", "weight", "size", "line-height"]) }) else { continue }
            let families = font["family"].flatMap { n in read { () throws(ProjectError) in try fontFamilies(n, here + "/family", reader) } }
            let family = families?.first
            // Fonts must be on the reader's machine (no web fonts are fetched): fall back to the system stack.
            let quoted = families.map { $0.map { "\"\($0)\"" }.joined(separator: ", ") }
            let stack = quoted.map { $0 + ", " + Style().fontBase }
            switch role {
            case "base":
                if let stack, let family { brand.style.fontBase = stack; brand.style.graphFont = family }
                if let size = font["size"], let length = read({ () throws(ProjectError) in try cssLength(size, here + "/size", reader) }) { brand.style.fontSize = length }
                if let height = font["line-height"], let number = read({ () throws(ProjectError) in try cssNumber(height, here + "/line-height", reader) }) { brand.style.lineHeight = number }
            case "headings":
                if let stack { brand.style.fontHeadings = stack }
                if let weight = font["weight"], let number = read({ () throws(ProjectError) in try cssNumber(weight, here + "/weight", reader) }) { brand.style.headingWeight = number }
            default:
                if let quoted { brand.style.fontMonospace = quoted + ", " + Style().fontMonospace }
            }
        }
    }

    /// A `family`: one font name or a comma-separated list of fallbacks, quotes around names
    /// dropped. Each name goes into style sheets (and the first into diagrams), so each must be
    /// plain: letters, digits, spaces, '-', '_' and '.', at most 64 characters, at most 8 names.
    private static func fontFamilies(_ node: Node, _ pointer: String, _ reader: NodeReader) throws(ProjectError) -> [String] {
        let text = try reader.string(node, pointer)
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).trimmingCharacters(in: .whitespaces)
        }
        guard names.count <= 8 else {
            throw reader.error(node, pointer, "'\(text)' names more than 8 fonts", suggestion: "name the font and a fallback or two; system fonts follow anyway")
        }
        for name in names where SafeStyleValues.fontFamily(name) == nil {
            throw reader.error(node, pointer, "'\(name.isEmpty ? text : name)' is not a plain font family name",
                               suggestion: "use letters, digits, spaces, '-', '_' and '.' (at most 64 per name), fallbacks separated by commas")
        }
        return names
    }

    private static func cssLength(_ node: Node, _ pointer: String, _ reader: NodeReader) throws(ProjectError) -> String {
        let text = try reader.string(node, pointer)
        guard NameShape.isDecimal(text, units: ["px", "pt", "rem", "em", "%"]) else {
            throw reader.error(node, pointer, "'\(text)' is not a size", suggestion: "write e.g. 17px or 1.05rem")
        }
        return text
    }

    private static func cssNumber(_ node: Node, _ pointer: String, _ reader: NodeReader) throws(ProjectError) -> String {
        let text = try reader.string(node, pointer)
        guard NameShape.isDecimal(text, units: [""]) else {
            throw reader.error(node, pointer, "'\(text)' is not a number", suggestion: "write e.g. 1.6 or 700")
        }
        return text
    }
}

extension NodeReader {
    func nameText(_ node: Node, _ pointer: String) throws(ProjectError) -> String {
        if case .mapping = node, let full = node["full"]?.string { return full }  // Quarto's meta.name.full
        return try string(node, pointer)
    }
}

/// Colours as CSS writes them, reduced to `#rrggbb`.
enum CSSColor {
    static let names = ["white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
                        "navy": "#000080", "teal": "#008080", "maroon": "#800000", "purple": "#800080", "gray": "#808080",
                        "grey": "#808080", "silver": "#c0c0c0", "orange": "#ffa500", "yellow": "#ffff00"]

    static func hex(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let named = names[t] { return named }
        guard t.hasPrefix("#"), t.dropFirst().allSatisfy(\.isHexDigit) else { return nil }
        let digits = t.dropFirst()
        if digits.count == 6 { return t }
        if digits.count == 3 { return "#" + digits.map { "\($0)\($0)" }.joined() }
        return nil
    }
}

/// A logo, embedded in the HTML file itself so the page loads nothing from elsewhere.
/// Logos are embedded in pages as data URIs, so what a file is comes from its bytes, never its
/// name: a text file named `.png` is not an image, and an SVG may not carry script.
enum LogoImage {
    /// Logos larger than this are refused: a page carries its logo inline.
    static let maximumBytes = 2 << 20

    /// The image type of `data` by its first bytes (SVG: XML with an `<svg` root).
    static func mimeType(of data: Data) -> String? {
        let bytes = [UInt8](data.prefix(16))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8 ..< 12]) == Array("WEBP".utf8) { return "image/webp" }
        if SVGCheck.root(of: data) == "svg" { return "image/svg+xml" }
        return nil
    }

    /// What is wrong with the logo at `path`, or nil if it can be embedded.
    static func problem(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return "cannot be read" }
        guard data.count <= maximumBytes else { return "is larger than 2 MB" }
        guard let mime = mimeType(of: data) else { return "is not a PNG, JPEG, GIF, WebP or SVG image (judged by its content)" }
        if mime == "image/svg+xml", let unsafe = SVGCheck.unsafeContent(data) {
            return unsafe == SVGCheck.notWellFormed ? "is an SVG that is not well-formed XML" : "holds \(unsafe), which a logo may not"
        }
        return nil
    }

    static func dataURI(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), problem(path) == nil, let mime = mimeType(of: data) else { return nil }
        return "data:\(mime);base64,\(data.base64EncodedString())"
    }
}

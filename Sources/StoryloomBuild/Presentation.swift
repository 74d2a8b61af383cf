import Foundation
import Mustache
import StoryloomDocument
import StoryloomLua
import StoryloomShared

/// How a project's reports look and what they say about whose they are: the brand's colours,
/// fonts, logo, header and footer, and the HTML page template.
struct Presentation {
    var options: RenderOptions
    let graphs: GraphRendering
    /// Typst, looked for when the first PDF is made.
    let typst: TypstFinder
    /// Pandoc and librsvg, looked for when the first office format is made.
    let office = OfficeTools()
    let brand: Brand?
    let template: MustacheTemplate?
    var warnings: [String] = []

    /// What layouts receive as `ctx.brand`.
    var brandValue: PlainValue {
        guard let brand else { return .object([]) }
        var members: [(String, PlainValue)] = [("partners", .array(brand.partners.map(PlainValue.string)))]
        if let name = brand.name { members.append(("name", .string(name))) }
        if let link = brand.link { members.append(("link", .string(link))) }
        if let introduction = brand.introduction { members.append(("introduction", .string(introduction))) }
        if let footer = brand.footer { members.append(("footer", .string(footer))) }
        if let contact = brand.contact { members.append(("contact", .string(contact))) }
        return .record(members)
    }

    /// The HTML page for a document, through the template.
    func page(_ document: Document) -> String {
        let renderer = HTMLRenderer(options: options)
        guard let template else { return HTMLPage.withContentSecurityPolicy(renderer.render(document)) }
        // Mustache escapes markup in {{…}}; control characters (terminal escapes, bidi
        // overrides) are taken out here, as the renderers do for the body.
        let clean = TextCleaning.cleanLine
        var context: [String: Any] = [
            "lang": document.language, "title": clean(document.title), "style": HTMLPage.css(options.style, paper: options.paper),
            "body": renderer.body(document),
        ]
        if let brand {
            if let name = brand.name { context["brand_name"] = clean(name) }
            if let link = brand.link, HTMLEscape.isSafeLink(link) { context["brand_link"] = clean(link) }
            if let logo = brand.headerLogo, let uri = LogoImage.dataURI(logo.path) {
                context["logo_src"] = uri
                context["logo_alt"] = clean(logo.alt)
            }
            if let footer = brand.footer { context["footer"] = clean(footer) }
            if let contact = brand.contact { context["contact"] = clean(contact) }
            context["partners"] = TemplateList(items: brand.partners.enumerated().map { n, name in
                ["name": clean(name), "last": n == brand.partners.count - 1] as [String: Any]
            })
            context["has_partners"] = !brand.partners.isEmpty
            context["has_footer"] = brand.footer != nil || brand.contact != nil || !brand.partners.isEmpty
        }
        // A project's own template may lack the page's security policy: it is added.
        return HTMLPage.withContentSecurityPolicy(template.render(context))
    }
}

extension ReportBuild {
    /// Where a `.venv-typst/` made by scripts/setup may be: the current folder, the project's,
    /// and the folders above the running program (a checkout's `.build/debug/storyloom`).
    var typstFolders: [String] {
        var folders = [FileManager.default.currentDirectoryPath, project.folder]
        var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 4 {
            folders.append(folder.path)
            folder.deleteLastPathComponent()
        }
        return folders
    }

    /// The brand (the command line's, else the project's) and template (the project's, else
    /// the brand's, else the built-in one). `graphs` draws its diagrams.
    func presentation(graphs: GraphRendering) throws(BuildError) -> Presentation {
        var brand: Brand? = nil
        if let path = options.brand ?? project.brand {
            do {
                brand = try BrandLoader.load(path: path)
            } catch {
                throw .project(error)
            }
        }
        var options = RenderOptions(style: brand?.style ?? Style())
        options.paper = project.paper ?? brand?.paper ?? .a4
        if graphs.available { options.graphToSVG = { @Sendable dot in graphs.svg(dot) } }
        if let brand {
            options.textHeader = [brand.name, brand.link].compactMap { $0 }
            options.textFooter = [brand.footer, brand.contact].compactMap { $0 }
                + (brand.partners.isEmpty ? [] : ["In partnership with " + brand.partners.joined(separator: ", ") + "."])
        }
        // The project's or brand's own template, else the winning templates/page.mustache of the
        // plugin sources (the built-in one unless a plugin folder replaces it).
        let templateText: (text: String, name: String)?
        if let own = project.template ?? brand?.template {
            guard let text = try? String(contentsOfFile: own, encoding: .utf8) else {
                throw .project(ProjectError(file: own, pointer: "", message: "the HTML template cannot be read", suggestion: "check the path", unreadable: true))
            }
            templateText = (text, own)
        } else {
            do {
                templateText = try pluginEnvironment().file("templates/page.mustache")
            } catch {
                throw .plugin(.definition(error))
            }
        }
        var template: MustacheTemplate? = nil
        if let (text, templateFile) = templateText {
            do {
                template = try MustacheTemplate(string: text)
            } catch {
                throw .project(ProjectError(file: templateFile, pointer: "", message: "the HTML template cannot be read: \(error)",
                                            suggestion: "check its Mustache tags"))
            }
        }
        var look = Presentation(options: options, graphs: graphs, typst: TypstFinder(folders: typstFolders), brand: brand, template: template)
        look.warnings = brand?.warnings ?? []
        if !graphs.available {
            look.warnings.append("Graphviz (dot) is not installed: diagrams appear in HTML as DOT source")
        }
        return look
    }
}

import Foundation
import StoryloomLua
import Yams
import StoryloomQuery
import StoryloomShared
import StoryloomDocument

/// A report project: `storyloom.yml` and the folder it stands in.
public struct Project: Sendable {
    /// One report the project builds.
    public struct Report: Sendable, Equatable {
        public var name: String
        /// The layout plugin that composes it.
        public var layout: String
        /// Its narrative pages (Markdown), in reading order.
        public var pages: [Page] = []
        /// Built-in formats (`OutputFormat`) and writer plugins' extensions.
        public var formats: [String]
        /// Parameters passed to the layout, as written (checked against the layout's declared types).
        public var params: [(key: String, value: String)]
        /// The corpus this report sees: a query filter over stories (nil: the whole corpus).
        public var selection: Selection?
        /// The Markdown its `.md` is written in.
        public var markdown: MarkdownFlavour = .github
        /// For each format that is not built in, the error to give if no writer plugin writes it
        /// (the project file is read before plugins are found, so it is kept until then).
        public var unknownFormatErrors: [String: ProjectError] = [:]
        /// Where the report's layout and parameters are named, for errors found once plugins are.
        public var layoutPlace: ProjectError? = nil
        public var paramsPlace: ProjectError? = nil

        public static func == (a: Report, b: Report) -> Bool {
            a.name == b.name && a.layout == b.layout && a.formats == b.formats && a.pages.map(\.path) == b.pages.map(\.path)
                && a.params.map(\.key) == b.params.map(\.key) && a.params.map(\.value) == b.params.map(\.value)
                && a.markdown == b.markdown
        }
    }

    /// A narrative page of a report (`pages:`): a Markdown file in the project's folder.
    public struct Page: Sendable {
        /// As written in the project file, relative to its folder: how messages name it.
        public var name: String
        /// Resolved.
        public var path: String
        /// Where it is listed, for an error reading it.
        public var place: ProjectError
    }

    /// A report's `where`: which stories it sees, and how to say so.
    public struct Selection: Sendable {
        /// The filter as written, in the form plugins' query filters take (for its description).
        public var filter: PlainValue
        /// The filter read when the project file was: ids are checked against the corpus later.
        public var selector: Selector
        /// Where it stands in the project file, for errors.
        public var place: ProjectError
    }

    /// The project file's path.
    public var file: String
    /// The folder holding the project file; relative paths in it are resolved against it.
    public var folder: String
    public var title: String?
    /// The corpus file (resolved).
    public var corpus: String
    /// Where outputs go (resolved).
    public var output: String
    /// The project's own plugin folder (resolved); it may not exist.
    public var plugins: String
    /// The brand file (resolved), if any.
    public var brand: String?
    /// The HTML page template (resolved), if the project has its own.
    public var template: String?
    /// The page size of PDF and Typst (`paper:`), if the project sets one; else the brand's, else A4.
    public var paper: Paper?
    /// Where the output folder is published (`url:`, ending in `/`), if the project says.
    public var url: String?
    /// `email.from` and `email.to`: who digests are from and to (the brand may give From).
    public var emailFrom: Mailbox?
    public var emailTo: Mailbox?
    public var limits: Limits
    /// `analyses:`: parameters for analyses by name, used in place of their defaults.
    public var analysisParameters: [String: [(key: String, value: String)]] = [:]
    public var reports: [Report]
}

/// Resource limits for plugins.
/// A project's limits on plugins: the runtime's own type, with the same defaults everywhere.
public typealias Limits = LuaRuntime.Limits

/// The output formats Storyloom writes.
public enum OutputFormat: String, Sendable, CaseIterable {
    case txt, html, md, json, dot, svg, typ, pdf
    /// Pandoc's JSON AST (`<report>.pandoc.json`), and what Pandoc makes of it.
    case pandoc, docx, odt, epub
    /// A workbook of the report's quotes and the results of the analyses its layout uses.
    case xlsx

    /// The formats that render a report's document (the others draw its diagrams).
    public static let documentFormats: [OutputFormat] = [.txt, .html, .md, .json, .typ, .pdf, .pandoc, .docx, .odt, .epub, .xlsx]

    /// The formats Pandoc makes from the AST.
    public static let pandocFormats: [OutputFormat] = [.docx, .odt, .epub]

    /// The name of a report's file in this format (`overview.pandoc.json`, `overview.docx`).
    public func fileName(_ report: String) -> String {
        self == .pandoc ? report + ".pandoc.json" : report + "." + rawValue
    }

    /// Formats named on the command line or in a project may also be writer plugins'
    /// extensions; those are handled by the pipeline, not here.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A problem in a project, brand or page file (the project's one located diagnostic).
public typealias ProjectError = Diagnostic

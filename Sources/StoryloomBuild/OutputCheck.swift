import Foundation

extension ReportBuild {
    /// The files a build is about to write must stay in the output folder, must not collide
    /// with one another (report `a` with diagram `b` and report `a.b` both make `a.b.svg`), and
    /// must not replace one of the build's own inputs (`output: .` and a report named `corpus`
    /// would overwrite corpus.json). Each is the project's mistake (exit 65), found before
    /// anything is written.
    func checkOutputs(_ files: [BuiltFile], brand: Brand?) throws(BuildError) {
        func real(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        var inputs: [String: String] = [real(project.file): "the project file"]
        let corpus = options.corpus ?? project.corpus
        inputs[real(corpus)] = "the corpus"
        inputs[real((corpus as NSString).appendingPathComponent("corpus.json"))] = "the corpus"
        for (path, what) in [(options.brand ?? project.brand, "the brand file"), (project.template, "the page template"),
                             (brand?.template, "the brand's page template")] {
            if let path { inputs[real(path)] = what }
        }
        for logo in brand?.logos.values.sorted(by: { $0.path < $1.path }) ?? [] { inputs[real(logo.path)] = "a logo" }
        let pluginFolders = ([project.plugins] + options.pluginPaths).map { real($0) + "/" }
        let output = real(outputFolder)
        var seen = Set<String>()
        for file in files {
            let path = real(file.path)
            // Names come from report names and diagram ids, both checked; this holds whatever
            // a future name source lets through.
            let name = (file.path as NSString).lastPathComponent
            guard real((file.path as NSString).deletingLastPathComponent) == output, name != "..", name != "." else {
                throw .project(ProjectError(file: project.file, pointer: "/reports",
                                            message: "the output \(file.path) would be written outside the output folder \(outputFolder)",
                                            suggestion: "report names and diagram ids may not hold '/' or '..'"))
            }
            guard seen.insert(path).inserted else {
                throw .project(ProjectError(file: project.file, pointer: "/reports",
                                            message: "two outputs of this build would both be written to \(file.path)",
                                            suggestion: "rename a report: a report's diagrams are written as <report>.<diagram id>"))
            }
            if let what = inputs[path] {
                throw .project(ProjectError(file: project.file, pointer: "/output",
                                            message: "the output \(file.path) would replace \(what)",
                                            suggestion: "choose another output folder, or rename the report"))
            }
            if let folder = pluginFolders.first(where: { path.hasPrefix($0) }) {
                throw .project(ProjectError(file: project.file, pointer: "/output",
                                            message: "the output \(file.path) would be written among the plugins in \(folder)",
                                            suggestion: "choose another output folder"))
            }
        }
    }
}

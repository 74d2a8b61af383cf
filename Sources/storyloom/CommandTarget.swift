import ArgumentParser
import Foundation
import StoryloomBuild
import StoryloomLua

/// What a command's CORPUS argument names: a project (a folder holding storyloom.yml, or that
/// file), whose corpus, plugins and limits then apply; or a corpus file or folder, whose
/// folder's `plugins/` is taken as the project's plugins.
struct CommandTarget {
    var corpus: String
    var projectPlugins: String?
    var limits = Limits()
    var analysisParameters: [String: [(key: String, value: String)]] = [:]

    static func resolve(_ argument: String?) throws -> CommandTarget {
        let path = argument ?? defaultCorpusPath
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let projectFile = isFolder.boolValue ? (path as NSString).appendingPathComponent(ProjectLoader.fileName) : path
        if exists, (projectFile as NSString).lastPathComponent == ProjectLoader.fileName, FileManager.default.fileExists(atPath: projectFile) {
            do {
                let project = try ProjectLoader.load(path: projectFile)
                return CommandTarget(corpus: project.corpus, projectPlugins: project.plugins, limits: project.limits,
                                     analysisParameters: project.analysisParameters)
            } catch {
                printError(TerminalText.clean(error.description))
                throw error.unreadable ? Exit.noInput : Exit.dataError
            }
        }
        let folder = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        return CommandTarget(corpus: path, projectPlugins: ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("plugins"))
    }
}

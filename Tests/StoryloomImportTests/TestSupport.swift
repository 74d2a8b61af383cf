import Foundation
import ZIPFoundation
@testable import StoryloomImport

/// Fixture files and the archives made from them for a test.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A fresh temporary folder.
    static func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A zip of `files` (path → bytes) in a temporary folder, named `name`.
    static func zip(_ files: [(String, Data)], name: String, compression: CompressionMethod = .deflate) throws -> String {
        let archive = try Archive(accessMode: .create)
        for (path, data) in files {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { position, size in
                data.subdata(in: Int(position) ..< Int(position) + size)
            }
        }
        let url = try temporary().appendingPathComponent(name)
        try archive.data!.write(to: url)
        return url.path
    }

    /// A .qdpx of a fixture folder (project.qde and its sources, paths as they are on disk).
    static func qdpx(_ folderName: String, replacing: [String: String] = [:]) throws -> String {
        let base = folder.appendingPathComponent(folderName)
        var files: [(String, Data)] = []
        let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)!
        for case let url as URL in walker where !url.hasDirectoryPath {
            let relative = String(url.path.dropFirst(base.path.count + 1))
            var data = try Data(contentsOf: url)
            if relative == "project.qde" {
                var text = String(decoding: data, as: UTF8.self)
                for (from, to) in replacing { text = text.replacingOccurrences(of: from, with: to) }
                data = Data(text.utf8)
            }
            files.append((relative, data))
        }
        return try zip(files.sorted { $0.0 < $1.0 }, name: folderName + ".qdpx")
    }

    static func map(_ yaml: String) throws -> ImportMap {
        try ImportMap.parse(yaml, file: "map.yml")
    }
}

extension ImportError {
    /// Every problem as printed, one a line.
    var text: String { problems.map(\.description).joined(separator: "\n") }
}

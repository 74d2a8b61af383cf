import Foundation

/// Placeholder until spreadsheets are read.
enum SpreadsheetImporter {
    static func read(quotes: String, storytellers: String?, map: ImportMap, frame: CorpusDraft?, limits: ImportLimits,
                     problems: inout ImportProblems) throws(ImportError) -> CorpusDraft {
        throw ImportError(.unreadable, file: quotes, "spreadsheets are not read yet")
    }
}

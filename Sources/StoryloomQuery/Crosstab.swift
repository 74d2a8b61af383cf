import BitCollections
import StoryloomCorpus

/// Themes by a facet: how many stories (or quotes) coded to each theme carry each tag.
public struct Crosstab: Sendable, Equatable {
    /// What a cell holds.
    public enum Measure: String, Sendable, CaseIterable {
        /// Records in the row's theme and the column's tag.
        case counts
        /// 1 when any record is in both, else 0.
        case presence
        /// The count as a share of the row's total (records coded to the theme).
        case rowPercent = "row-percent"
        /// The count as a share of the column's total (records with the tag).
        case columnPercent = "column-percent"
    }

    public var rows: [String]
    public var rowLabels: [String]
    public var columns: [String]
    public var columnLabels: [String]
    /// `cells[row][column]`.
    public var cells: [[Double]]
    /// Records per row and per column, within the selection.
    public var rowTotals: [Int]
    public var columnTotals: [Int]
}

extension Query {
    /// Crosses `themes` with the entries of `facet`, counting records of `unit` (stories,
    /// which counts each story once however many of its quotes are coded, or quotes) in `within`.
    public func crosstab(themes: [String], deep: Bool, by facet: Facet, unit: RecordKind,
                         within: BitSet, measure: Crosstab.Measure) throws(QueryError) -> Crosstab {
        let entries = corpus.vocabularies[facet]
        var columnSets: [BitSet] = []
        for entry in entries { columnSets.append(try select(unit, .facet(facet, entry.id)).intersection(within)) }
        var cells: [[Double]] = []
        var rowTotals: [Int] = []
        var labels: [String] = []
        for id in themes {
            let rowSet = try select(unit, .theme(id, deep: deep)).intersection(within)
            rowTotals.append(rowSet.count)
            labels.append(corpus.theme(id: id).map { corpus.themes[$0].title } ?? id)
            cells.append(columnSets.map { Double(rowSet.intersection($0).count) })
        }
        let columnTotals = columnSets.map(\.count)
        for r in cells.indices {
            for c in cells[r].indices {
                let count = cells[r][c]
                switch measure {
                case .counts: break
                case .presence: cells[r][c] = count > 0 ? 1 : 0
                case .rowPercent: cells[r][c] = rowTotals[r] == 0 ? 0 : 100 * count / Double(rowTotals[r])
                case .columnPercent: cells[r][c] = columnTotals[c] == 0 ? 0 : 100 * count / Double(columnTotals[c])
                }
            }
        }
        return Crosstab(rows: themes, rowLabels: labels, columns: entries.map(\.id), columnLabels: entries.map(\.label),
                        cells: cells, rowTotals: rowTotals, columnTotals: columnTotals)
    }

    /// For every pair of `themes`, how many records of `unit` in `within` carry both;
    /// the diagonal holds each theme's own count.
    public func cooccurrence(themes: [String], deep: Bool, unit: RecordKind, within: BitSet) throws(QueryError) -> [[Int]] {
        var sets: [BitSet] = []
        for id in themes { sets.append(try select(unit, .theme(id, deep: deep)).intersection(within)) }
        return sets.map { a in sets.map { b in a.intersection(b).count } }
    }
}

/// The `k` best items by score, highest first; equal scores keep their input order,
/// so the result never depends on hashing or sort instability.
public func topK<T>(_ items: [T], _ k: Int, score: (T) -> Double) -> [T] {
    let ranked = items.enumerated().map { (offset: $0.offset, score: score($0.element), item: $0.element) }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
    return ranked.prefix(max(0, k)).map(\.item)
}

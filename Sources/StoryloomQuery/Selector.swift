/// The three kinds of record a query can select.
public enum RecordKind: String, Sendable, CaseIterable {
    case storytellers, stories, quotes
}

/// A description of which records to select, composed with `and`, `or` and `not`.
///
/// Conditions on one kind of record carry over to the others through the corpus's links:
/// a story is in a sector when one of its storytellers is; a storyteller is coded to a theme
/// when one of their stories is; a quote has whatever its story has.
public indirect enum Selector: Sendable, Equatable {
    case all
    /// Tagged with a vocabulary entry (`sector`, `role`, `field`).
    case facet(StoryloomCorpus.Facet, String)
    /// Coded to a theme; `deep` counts its descendants too.
    case theme(String, deep: Bool)
    /// A self-described attribute: present (`value` nil) or equal to / containing `value`.
    case attribute(String, value: String?)
    /// Recorded between two ISO dates, both ends included; either may be open.
    case recorded(from: String?, to: String?)
    /// Quotes marked key (stories and storytellers: holding one).
    case key
    /// Stories with this `source`.
    case source(String)
    /// Stories with this `format` (`one-to-one`, `group`).
    case storyFormat(String)
    /// Records with these ids (of the kind being selected).
    case ids([String])
    case and([Selector])
    case or([Selector])
    case not(Selector)
}

/// A query that names something the corpus lacks, with the nearest names it has.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

import StoryloomCorpus

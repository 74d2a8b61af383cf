import Foundation
import Testing

/// The sample study's reports, built from its narrative pages, against what the study published:
/// every quotation the published full report and overview print (stand-alone and inside their
/// prose, listed with their corpus ids in scripts/sample-corpus/published_quotations.json), their
/// sections in the published order, and the full report's length.
@Suite struct PublishedReportTests {
    struct Quotation: Decodable {
        var id: String
        var text: String
        var inline: Bool
    }

    /// The published full report's contents, in order.
    static let fullReportSections = [
        "Introduction", "What is Community Reporting?", "Probing: gathering stories", "Sense-making: curating stories",
        "Responding: mobilising stories", "Who is telling the stories?", "Key learning from the stories", "Diversity of perspectives",
        "Difficult to achieve same results without lived experience", "Depth of insights", "Co-learning",
        "Sharing roles, sharing power, striving for equity", "People driving change", "Collective action and connections",
        "Enhanced ability to create change organisationally and in the community", "Trust", "Challenges",
        "Value for all - individuals, organisation and society", "Impacts on individuals", "Impacts on organisations",
        "Impacts on society", "Impacts by sector: research, policy, services", "The Conditions of Co-Production", "Conclusion",
    ]

    /// The published overview's sections, in order.
    static let overviewSections = [
        "Key Findings", "What is co-production?", "Why do co-production?", "How do you do co-production?",
        "What are the challenges of co-production?", "The future of co-production",
    ]

    /// Words with their spacing and line breaks made one space (the text output wraps lines).
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    let text: String
    let overview: String
    let quotations: [String: [Quotation]]

    init() throws {
        let out = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "reports/copro", "--format", "txt", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        text = try String(contentsOf: out.appendingPathComponent("full-report.txt"), encoding: .utf8)
        overview = try String(contentsOf: out.appendingPathComponent("overview.txt"), encoding: .utf8)
        let list = Storyloom.root.appendingPathComponent("scripts/sample-corpus/published_quotations.json")
        quotations = try JSONDecoder().decode([String: [Quotation]].self, from: Data(contentsOf: list))
    }

    @Test func theFullReportCarriesEveryPublishedQuotationVerbatim() throws {
        let all = try #require(quotations["full-report"])
        #expect(all.count > 300)
        #expect(all.contains { $0.inline } && all.contains { !$0.inline }, "quotations inside the prose and standing alone")
        let body = Self.flat(text)
        let missing = all.filter { !body.contains(Self.flat($0.text)) }
        #expect(missing.isEmpty, "\(missing.count) of \(all.count) quotations missing, first: \(missing.prefix(3).map(\.id))")
    }

    @Test func theOverviewCarriesEveryPublishedQuotationVerbatim() throws {
        let all = try #require(quotations["overview"])
        let body = Self.flat(overview)
        let missing = all.filter { !body.contains(Self.flat($0.text)) }
        #expect(missing.isEmpty, "\(missing.count) of \(all.count) quotations missing, first: \(missing.prefix(3).map(\.id))")
    }

    @Test func theFullReportHasThePublishedSectionsInOrderAndItsLength() throws {
        // Headings are lines of their own in the text output: each after the contents.
        try Self.expectInOrder(Self.fullReportSections, in: text, after: "Introduction")
        let words = text.split(whereSeparator: \.isWhitespace).count
        #expect(words >= 15_000, "the full report has \(words) words")
        #expect(text.components(separatedBy: "synthetic").count == 2, "the data note on the synthetic attributes is said once")
        #expect(!text.contains("make_corpus") && !text.contains("What in this corpus is synthetic"), "no notes for the team")
    }

    @Test func theOverviewHasThePublishedSections() throws {
        try Self.expectInOrder(Self.overviewSections, in: overview, after: "Key Findings")
    }

    /// Each of `sections` is a line of `text` of its own, in this order, from the last line
    /// `start` on (after the contents).
    static func expectInOrder(_ sections: [String], in text: String, after start: String) throws {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var at = try #require(lines.lastIndex { $0.caseInsensitiveCompare(start) == .orderedSame })
        for section in sections {
            let found = lines[at...].firstIndex { $0.caseInsensitiveCompare(section) == .orderedSame }
            #expect(found != nil, "section '\(section)' missing or out of order")
            at = found ?? at
        }
    }
}

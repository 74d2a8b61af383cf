import Foundation
import Testing

/// Reads an .eml with Python's `email` package (the modern policy, as mail programs would) and
/// prints what it found as JSON.
private let readMessage = """
import email, email.policy, json, sys
data = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(data, policy=email.policy.default)
plain, html = m.get_body(("plain",)), m.get_body(("html",))
print(json.dumps({
  "type": m.get_content_type(),
  "parts": [p.get_content_type() for p in m.iter_parts()],
  "from": [[a.display_name, a.addr_spec] for a in m["From"].addresses],
  "to": str(m["To"]),
  "subject": str(m["Subject"]),
  "date": m["Date"].datetime.isoformat(),
  "id": str(m["Message-ID"]),
  "mime": str(m["MIME-Version"]),
  "defects": [str(d) for d in m.defects] + [str(d) for p in m.iter_parts() for d in p.defects],
  "encodings": [p["Content-Transfer-Encoding"] for p in m.iter_parts()],
  # Canonical MIME text ends its lines in CR LF; compared here as plain line feeds.
  "text": plain.get_content().replace("\\r\\n", "\\n") if plain else None,
  "html": html.get_content().replace("\\r\\n", "\\n") if html else None,
  "crlf": b"\\n" not in data.replace(b"\\r\\n", b""),
  "longest": max(len(line) for line in data.split(b"\\r\\n")),
}))
"""

private struct Message: Decodable {
    var type: String
    var parts: [String]
    var from: [[String]]
    var to: String
    var subject: String
    var date: String
    var id: String
    var mime: String
    var defects: [String]
    var encodings: [String]
    var text: String?
    var html: String?
    var crlf: Bool
    var longest: Int
}

private func read(_ eml: URL) throws -> Message? {
    guard (try? Storyloom.runTool("python3", ["-c", "import email"]).status) == 0 else { return nil }
    let result = try Storyloom.runTool("python3", ["-c", readMessage, eml.path])
    #expect(result.status == 0, "\(result.stderr)")
    return try JSONDecoder().decode(Message.self, from: Data(result.stdout.utf8))
}

@Suite struct EmailDigestTests {
    @Test func theBrandedDigestIsAMessageMailProgramsRead() throws {
        let out = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "reports/services-summary", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        guard let message = try read(out.appendingPathComponent("services-summary.eml")) else {
            print("skipped: no python3 with the email package")
            return
        }
        #expect(message.type == "multipart/alternative")
        #expect(message.parts == ["text/plain", "text/html"])
        #expect(message.encodings == ["quoted-printable", "quoted-printable"])
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(message.from == [["Riverside Homes Resident Voice", "voice@riverside-homes.example"]])
        #expect(message.to == "Resident Voice panel <panel@riverside-homes.example>")
        #expect(message.subject == "What services co-producers told us: The Value of Co-Production")
        #expect(message.date == "2022-10-31T00:00:00+00:00", "the study's date")
        #expect(message.id.wholeMatch(of: /<[0-9a-f]{16}\.storyloom@riverside-homes\.example>/) != nil, "\(message.id)")
        #expect(message.mime == "1.0")
        #expect(message.crlf, "every line ends in CR LF")
        #expect(message.longest <= 78)
        let text = try #require(message.text), html = try #require(message.html)
        // Quotes with who said them, in both parts; the link to the report's page.
        #expect(text.contains("— A co-producer in "))
        #expect(html.contains("</p><p style=\"margin:4px 0 0;color:#595f66;font-size:14px\">— A co-producer in "))
        #expect(text.contains("Read the full report: https://riverside-homes.example/resident-voice/services-summary.html"))
        #expect(html.contains("<a href=\"https://riverside-homes.example/resident-voice/services-summary.html\""))
        #expect(text.contains("Who we heard from\n-----------------\n  * 52% of the 63 services storytellers"))
        // No section is a heading alone.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (n, line) in lines.enumerated() where line.hasPrefix("---") && n + 2 < lines.count {
            #expect(!lines[n + 1].isEmpty || !lines[n + 2].hasPrefix("---"), "an empty section before line \(n)")
        }
        // The same report gives the same bytes.
        let again = try Storyloom.temporaryFolder()
        #expect(try Storyloom.run(["build", "reports/services-summary", "--out", again.path]).status == 0)
        #expect(try Data(contentsOf: out.appendingPathComponent("services-summary.eml"))
            == Data(contentsOf: again.appendingPathComponent("services-summary.eml")))
    }

    /// The sample corpus with a title that needs encoding in a header and quotes that carry
    /// terminal controls; a project sending its overview as email.
    private func project(email: String) throws -> URL {
        let folder = try Storyloom.temporaryFolder()
        let sample = try Data(contentsOf: Storyloom.root.appendingPathComponent("reports/copro/corpus.json"))
        var corpus = try #require(try JSONSerialization.jsonObject(with: sample) as? [String: Any])
        var project = try #require(corpus["project"] as? [String: Any])
        project["title"] = "Café voices — “Zoë’s” study <of> co-production, told by one hundred people in their own words"
        corpus["project"] = project
        var quotes = try #require(corpus["quotes"] as? [[String: Any]])
        for n in quotes.indices { quotes[n]["text"] = "\u{1B}[2J" + ((quotes[n]["text"] as? String) ?? "") + "\u{202E}" }
        corpus["quotes"] = quotes
        try JSONSerialization.data(withJSONObject: corpus).write(to: folder.appendingPathComponent("corpus.json"))
        try "corpus: corpus.json\noutput: out\n\(email)reports:\n  - name: overview\n    formats: [eml]\n"
            .write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func headersThatAreNotASCIIAreEncoded() throws {
        let folder = try project(email: "email:\n  from: Zoë Équipe <zoe@example.org>\nurl: https://example.org/reports\n")
        let result = try Storyloom.run(["build", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let eml = folder.appendingPathComponent("out/overview.eml")
        let raw = try String(contentsOf: eml, encoding: .utf8)
        #expect(raw.unicodeScalars.allSatisfy { $0.isASCII }, "the file itself is ASCII")
        #expect(raw.contains("From: =?UTF-8?B?"))
        guard let message = try read(eml) else {
            print("skipped: no python3 with the email package")
            return
        }
        #expect(message.defects.isEmpty, "\(message.defects)")
        #expect(message.from == [["Zoë Équipe", "zoe@example.org"]])
        #expect(message.to == "undisclosed-recipients:;")
        #expect(message.subject == "Café voices — “Zoë’s” study <of> co-production, told by one hundred people in their own words: Overview")
        #expect(message.longest <= 78)
        let text = try #require(message.text), html = try #require(message.html)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !html.contains("\u{1B}"), "no terminal or bidi controls")
        #expect(html.contains("&lt;of&gt;") && !html.contains("<of>"))
        // The overview is not written as HTML, so the link is the published folder.
        #expect(text.contains("Read the full report: https://example.org/reports/\n"))
    }

    @Test func withoutASenderTheDigestSaysWhereToGiveOne() throws {
        let folder = try project(email: "")
        let result = try Storyloom.run(["build", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the email digest needs a sender: give email.from in storyloom.yml or report.from in the brand file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test(arguments: ["voice@", "Name <voice@example.org", "A\u{7}B <a@example.org>", "a@b", "Evil <a@example.org>\nBcc: x@example.org"])
    func aSenderThatIsNotAnAddressIsTheProjectsMistake(from: String) throws {
        // As a YAML double-quoted string (JSON's escapes are YAML's), so the controls reach the reader.
        let quoted = String(decoding: try JSONEncoder().encode(from), as: UTF8.self)
        let folder = try project(email: "email:\n  from: \(quoted)\n")
        let result = try Storyloom.run(["build", folder.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("error at /email/from: "), "\(result.stderr)")
        #expect(result.stderr.contains("is not an email address"))
    }
}

/// `lib.mail` on its own, through an analysis that returns what it makes; Python decodes it.
@Suite struct MailLibraryTests {
    @Test func quotedPrintableAndHeadersDecodeToWhatWentIn() throws {
        guard (try? Storyloom.runTool("python3", ["-c", "import email, quopri"]).status) == 0 else {
            print("skipped: no python3")
            return
        }
        let plugins = try Storyloom.temporaryFolder()
        try #"""
        local mail = require("lib.mail")
        local body = "From here on\n.\ntrailing space \nnaïve café " .. string.rep("é", 60) .. " end\n" .. string.rep("x=", 50) .. "\n\27[31mred\226\128\174"
        return { name = "mail-probe", kind = "analysis", summary = "lib.mail's output",
          run = function()
            return {
              body = body,
              qp = mail.quoted_printable(body),
              subject = mail.header("Subject", "Zoë’s “café” study, told " .. string.rep("again ", 12)),
              from = mail.header("From", mail.mailbox({ name = "Smith, Jo (team)", address = "jo@example.org" })),
              date = mail.date("2024-02-29"), bad_date = mail.date("2024-13-01") or "none",
              hash = mail.hash("a"), html = mail.html("<a href=\"x\">'&'</a>"),
            }
          end }
        """#.write(to: plugins.appendingPathComponent("mail-probe.lua"), atomically: true, encoding: .utf8)
        let result = try Storyloom.run(["analyse", "mail-probe", "--plugin-path", plugins.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = plugins.appendingPathComponent("out.json")
        try result.stdout.write(to: json, atomically: true, encoding: .utf8)
        let check = try Storyloom.runTool("python3", ["-c", """
        import email, email.policy, json, quopri, sys
        r = json.load(open(sys.argv[1]))
        qp = r["qp"].encode("ascii")
        lines = qp.split(b"\\r\\n")
        assert all(len(l) <= 76 for l in lines), max(len(l) for l in lines)
        assert b"\\n" not in qp.replace(b"\\r\\n", b""), "bare line feed"
        assert lines[0].startswith(b"=46rom here on") and lines[1] == b"=2E", lines[:2]
        assert lines[2] == b"trailing space=20", lines[2]
        decoded = quopri.decodestring(qp).decode("utf-8").replace("\\r\\n", "\\n")
        expected = r["body"].replace("\\x1b", "").replace("\\u202e", " ") + "\\n"
        assert decoded == expected, (decoded, expected)
        m = email.message_from_string(r["subject"] + "\\r\\n" + r["from"] + "\\r\\n\\r\\n", policy=email.policy.default)
        assert str(m["Subject"]) == "Zoë’s “café” study, told " + " ".join(["again"] * 12), str(m["Subject"])
        assert all(len(l) <= 78 for l in r["subject"].split("\\r\\n")), r["subject"]
        assert m["From"].addresses[0].display_name == "Smith, Jo (team)", m["From"]
        assert r["date"] == "Thu, 29 Feb 2024 00:00:00 +0000", r["date"]
        assert r["bad_date"] == "none"
        assert r["hash"] == "af63dc4c8601ec8c", r["hash"]
        assert r["html"] == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;", r["html"]
        print("ok")
        """, json.path])
        #expect(check.stdout.contains("ok"), "\(check.stderr)")
    }
}

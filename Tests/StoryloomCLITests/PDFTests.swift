import Foundation
import Testing

/// The environment the tests run in, with `changes` made.
private func environment(_ changes: [String: String]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in changes { environment[key] = value }
    return environment
}

/// A folder holding a fake `typst` command: `script` is its body after `#!/bin/sh`.
private func fakeTypst(_ script: String) throws -> URL {
    let folder = try Storyloom.temporaryFolder()
    let typst = folder.appendingPathComponent("typst")
    try ("#!/bin/sh\n" + script).write(to: typst, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: typst.path)
    return folder
}

/// The checkout's Typst from scripts/setup, if it made one.
private let venvPython = Storyloom.root.appendingPathComponent(".venv-typst/bin/python3").path

@Suite struct PDFTests {
    @Test func theSampleAsPDFRendersAndRebuildsToTheSameBytes() throws {
        let first = try Storyloom.temporaryFolder(), second = try Storyloom.temporaryFolder()
        let result = try Storyloom.run(["build", "--format", "pdf", "--out", first.path])
        if result.status == 69 {
            print("skipped: no Typst engine (\(result.stderr))")
            return
        }
        #expect(result.status == 0, "\(result.stderr)")
        // Every report that renders a document gets a PDF; the diagram-only report does not.
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: first.path).sorted()
        #expect(pdfs == ["feature-diversity.pdf", "full-report.pdf", "overview.pdf"])
        #expect(try Storyloom.run(["build", "--format", "pdf", "--out", second.path]).status == 0)
        let hasPoppler = (try? Storyloom.runTool("pdftoppm", ["-v"]).status) == 0
        for name in pdfs {
            let bytes = try Data(contentsOf: first.appendingPathComponent(name))
            #expect(bytes.starts(with: Data("%PDF-".utf8)))
            #expect(bytes == (try Data(contentsOf: second.appendingPathComponent(name))), "\(name) is byte-identical")
            guard hasPoppler else { continue }
            let pages = try Storyloom.temporaryFolder()
            let render = try Storyloom.runTool("pdftoppm", ["-r", "30", "-png", first.appendingPathComponent(name).path,
                                                            pages.appendingPathComponent("page").path])
            #expect(render.status == 0, "\(name): \(render.stderr)")
            #expect(render.stderr.isEmpty, "\(name): \(render.stderr)")
            let images = try FileManager.default.contentsOfDirectory(atPath: pages.path).filter { $0.hasSuffix(".png") }
            #expect(images.count >= (name == "full-report.pdf" ? 20 : 1), "\(name): \(images.count) pages")
        }
        if hasPoppler {
            let info = try Storyloom.runTool("pdfinfo", [first.appendingPathComponent("full-report.pdf").path])
            #expect(info.stdout.contains("Title:           The Value of Co-Production"))
            #expect(info.stdout.contains("A4"))
            #expect(info.stdout.contains("CreationDate:    Mon Oct 31 00:00:00 2022 UTC"), "the study's date, not the build's")
            let text = try Storyloom.runTool("pdftotext", [first.appendingPathComponent("full-report.pdf").path, "-"])
            #expect(text.stdout.contains("Contents"))
            #expect(text.stdout.contains("2 / "), "page numbers")
        }
    }

    @Test func withoutTypstAPDFIs69AndSaysHowToGetIt() throws {
        let out = try Storyloom.temporaryFolder().appendingPathComponent("out")
        let result = try Storyloom.run(["build", "--report", "overview", "--format", "pdf", "--out", out.path],
                                       environment: environment(["STORYLOOM_TYPST": "/nonexistent/typst"]))
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("report 'overview' asks for .pdf, which needs Typst 0.13 or later"))
        #expect(result.stderr.contains("scripts/setup") && result.stderr.contains("pip install typst"))
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        // The Typst source needs no Typst.
        let typ = try Storyloom.run(["build", "--report", "overview", "--format", "typ", "--out", out.path],
                                    environment: environment(["STORYLOOM_TYPST": "/nonexistent/typst"]))
        #expect(typ.status == 0, "\(typ.stderr)")
        let source = try String(contentsOf: out.appendingPathComponent("overview.typ"), encoding: .utf8)
        #expect(source.contains(#"#set page(paper: "a4""#))
    }

    @Test func anOldTypstIsNotUsed() throws {
        let fake = try fakeTypst("echo 'typst 0.11.1 (fake)'\n")
        let result = try Storyloom.run(["build", "--report", "overview", "--format", "pdf", "--out", fake.appendingPathComponent("out").path],
                                       environment: environment(["STORYLOOM_TYPST": fake.appendingPathComponent("typst").path]))
        #expect(result.status == 69)
        #expect(result.stderr.contains("Typst 0.11.1 at \(fake.path)/typst is too old"), "\(result.stderr)")
    }

    @Test func theTypstCommandIsRunWithAFixedDateAndNoFiles() throws {
        guard FileManager.default.isExecutableFile(atPath: venvPython) else {
            print("skipped: no .venv-typst (run scripts/setup)")
            return
        }
        // A stand-in for the typst command that checks how it is called, then compiles with the
        // PyPI Typst: the source on standard input, the PDF on standard output.
        let fake = try fakeTypst("""
        [ "$1" = --version ] && { echo 'typst 0.13.1 (stand-in)'; exit 0; }
        [ "$1 $2 $4 $5 $6 $7 $8 $9 ${10} ${11}" = "compile --root --creation-timestamp 1667174400 --format pdf --diagnostic-format short - -" ] \\
          || { echo "unexpected arguments: $*" >&2; exit 2; }
        [ -d "$3" ] && [ -z "$(ls -A "$3")" ] || { echo "the root is not an empty folder" >&2; exit 2; }
        exec '\(venvPython)' -c 'import sys, typst; sys.stdout.buffer.write(typst.compile(sys.stdin.buffer.read(), format="pdf", root=sys.argv[1], timestamp=int(sys.argv[2])))' "$3" "$5"

        """)
        let out = fake.appendingPathComponent("out")
        let result = try Storyloom.run(["build", "--report", "overview", "--format", "pdf", "--out", out.path],
                                       environment: environment(["PATH": fake.path + ":/usr/bin:/bin"]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("overview.pdf")).starts(with: Data("%PDF-".utf8)))

        // Typst's own message, when it fails, is the build's.
        let failing = try fakeTypst("[ \"$1\" = --version ] && { echo 'typst 0.14.0'; exit 0; }\necho 'error: something Typst did not like' >&2\nexit 1\n")
        let failed = try Storyloom.run(["build", "--report", "overview", "--format", "pdf", "--out", out.path],
                                       environment: environment(["PATH": failing.path + ":/usr/bin:/bin"]))
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("report 'overview': Typst failed: error: something Typst did not like"), "\(failed.stderr)")
        #expect(failed.stderr.contains("nothing was written"))
    }

    @Test func aProjectOrBrandMayAskForLetter() throws {
        let folder = try Storyloom.temporaryFolder()
        try "report:\n  paper: letter\n".write(to: folder.appendingPathComponent("brand.yml"), atomically: true, encoding: .utf8)
        let corpus = Storyloom.root.appendingPathComponent("reports/copro/corpus.json").path
        try "corpus: \(corpus)\nbrand: brand.yml\noutput: out\nreports:\n  - name: overview\n    formats: [typ]\n"
            .write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        #expect(try Storyloom.run(["build", folder.path]).status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("out/overview.typ"), encoding: .utf8).contains(#"paper: "us-letter""#))
        // The project's word wins over the brand's.
        try "corpus: \(corpus)\nbrand: brand.yml\npaper: a4\noutput: out\nreports:\n  - name: overview\n    formats: [typ]\n"
            .write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        #expect(try Storyloom.run(["build", folder.path]).status == 0)
        #expect(try String(contentsOf: folder.appendingPathComponent("out/overview.typ"), encoding: .utf8).contains(#"paper: "a4""#))
        try "corpus: \(corpus)\npaper: legal\nreports:\n  - name: overview\n"
            .write(to: folder.appendingPathComponent("storyloom.yml"), atomically: true, encoding: .utf8)
        let wrong = try Storyloom.run(["build", folder.path])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("error at /paper: unknown paper size 'legal'"), "\(wrong.stderr)")
    }
}

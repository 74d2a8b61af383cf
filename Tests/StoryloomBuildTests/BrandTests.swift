import Foundation
import Testing
@testable import StoryloomBuild

/// Writes a brand file (and a logo) into a fresh folder and loads it.
private func loadBrand(_ yaml: String, logo: Bool = true) throws -> Result<Brand, ProjectError> {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-brand-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    if logo { try "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".write(to: folder.appendingPathComponent("logo.svg"), atomically: true, encoding: .utf8) }
    let file = folder.appendingPathComponent("brand.yml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    do {
        return .success(try BrandLoader.load(path: file.path))
    } catch {
        return .failure(error)
    }
}

private func failure(_ yaml: String, logo: Bool = true) throws -> String? {
    if case let .failure(error) = try loadBrand(yaml, logo: logo) {
        return error.description.replacing(#/^.*brand\.yml/#, with: "brand.yml")
    }
    return nil
}

@Suite struct BrandTests {
    @Test func readsEveryPart() throws {
        guard case let .success(brand) = try loadBrand("""
        meta: { name: Riverside Homes, link: "https://example.org" }
        logo:
          medium: { path: logo.svg, alt: Our logo }
        color:
          palette: { river: "#0b4f6c", ink: "#15202b" }
          primary: river
          foreground: ink
          link: "#0b4f6c"
        typography:
          base: { family: Source Sans 3, size: 17px, line-height: "1.5" }
          headings: { family: Georgia, weight: "600" }
        report:
          footer: A footer
          contact: Write to us
          partners: [A, B]
          introduction: Our *own* words.
        """) else {
            Issue.record("the brand did not load")
            return
        }
        #expect(brand.name == "Riverside Homes")
        #expect(brand.headerLogo?.alt == "Our logo")
        #expect(brand.style.primary == "#0b4f6c")
        #expect(brand.style.foreground == "#15202b")
        #expect(brand.style.fontBase.hasPrefix("\"Source Sans 3\", "))
        #expect(brand.style.fontSize == "17px")
        #expect(brand.style.headingWeight == "600")
        #expect(brand.partners == ["A", "B"])
        #expect(brand.introduction == "Our *own* words.")
        #expect(brand.warnings.isEmpty)
    }

    @Test func missingLogoFile() throws {
        #expect(try failure("logo:\n  medium: missing.png\n") == "brand.yml:2:11: error at /logo/medium: the logo file 'missing.png' does not exist; paths are relative to the brand file's folder")
    }

    @Test func colourThatIsNotAColour() throws {
        #expect(try failure("color:\n  primary: \"#12345\"\n") == "brand.yml:2:12: error at /color/primary: '#12345' is neither a colour nor a palette name; write it as #rrggbb")
        #expect(try failure("color:\n  palette: { river: blueish }\n") == "brand.yml:2:21: error at /color/palette/river: 'blueish' is not a colour; write it as #rrggbb, #rgb, or a CSS colour name such as white")
    }

    @Test func paletteNameThatDoesNotExist() throws {
        #expect(try failure("color:\n  palette: { river: \"#0b4f6c\" }\n  primary: rivr\n") == "brand.yml:3:12: error at /color/primary: 'rivr' is not in the palette; did you mean 'river'?")
    }

    @Test func contrastBelowAA() throws {
        #expect(try failure("color:\n  foreground: \"#999999\"\n  background: white\n") == "brand.yml:2:15: error at /color/foreground: foreground #999999 on background #ffffff has a contrast of 2.85:1, below WCAG AA (4.5:1); darken the foreground or lighten the background")
        guard case let .success(brand) = try loadBrand("color:\n  link: \"#7aa7ff\"\n") else {
            Issue.record("a low-contrast link is a warning, not an error")
            return
        }
        #expect(brand.warnings.count == 1)
        #expect(brand.warnings.first?.contains("color.link #7aa7ff on background #ffffff has a contrast of 2.39:1, below WCAG AA (4.5:1)") == true)
    }

    @Test func unknownKeysAreErrors() throws {
        #expect(try failure("colour:\n  primary: red\n") == "brand.yml:1:1: error at /colour: unknown key 'colour'; did you mean 'color'?")
    }
}

@Suite struct ProjectFileTests {
    @Test func readsTheSampleProject() throws {
        let project = try ProjectLoader.load(path: "reports/copro")
        #expect(project.reports.map(\.name) == ["overview", "full-report", "sector-diagram", "feature-diversity"])
        #expect(project.reports[2].formats == ["dot", "svg"])
        #expect(project.output == "out/copro")
        #expect(project.limits.memoryBytes == 256 << 20)
    }

    @Test func whereIsKeptForTheBuild() throws {
        let project = try ProjectLoader.parse("reports:\n  - name: s\n    where: { sector: services, key: true }\n", file: "/tmp/p/storyloom.yml")
        #expect(project.reports[0].selection?.filter == .object([("key", .bool(true)), ("sector", .string("services"))]))
    }

    @Test func errorsAreLocated() {
        #expect(throws: ProjectError.self) { try ProjectLoader.parse("reports:\n  - name: a\n  - name: a\n", file: "p.yml") }
        do {
            _ = try ProjectLoader.parse("reprots: []\n", file: "p.yml")
        } catch {
            #expect(error.description == "p.yml:1:1: error at /reprots: unknown key 'reprots'; did you mean 'reports'?")
        }
    }
}

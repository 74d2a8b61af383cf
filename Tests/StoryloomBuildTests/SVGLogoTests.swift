import Foundation
import Testing
@testable import StoryloomBuild

/// SVG logos that could run, fetch or grow once embedded are refused, whatever the trick.
@Suite struct SVGLogoTests {
    func problem(_ svg: String) throws -> String? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storyloom-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(svg.utf8).write(to: folder.appendingPathComponent("logo.svg"))
        let brand = folder.appendingPathComponent("brand.yml")
        try "logo: { small: logo.svg }\n".write(to: brand, atomically: true, encoding: .utf8)
        do {
            _ = try BrandLoader.load(path: brand.path)
            return nil
        } catch {
            return error.description
        }
    }

    static let svg = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"

    @Test(arguments: [
        (svg + "<a><animate attributeName='href' values='javascript:alert(1)'/></a></svg>", "an animation of href"),
        (svg + "<rect><set attributeName='onclick' to='alert(1)'/></rect></svg>", "an animation of onclick"),
        (svg + "<a xlink:href=' Java\tScript:alert(1)'><text>x</text></a></svg>", "a script link in xlink:href"),
        ("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>" + svg + "<text>&x;</text></svg>", "an entity declaration"),
        ("<!DOCTYPE svg [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>" + svg + "<text>&b;</text></svg>", "an entity declaration"),
    ])
    func refused(svg: String, what: String) throws {
        let found = try problem(svg)
        #expect(found?.contains("holds \(what)") == true, "\(found ?? "accepted")")
    }

    @Test func anSVGThatIsNotWellFormedSaysSo() throws {
        let found = try problem(Self.svg + "<rect></svg>")
        #expect(found?.contains("'logo.svg' is an SVG that is not well-formed XML") == true, "\(found ?? "accepted")")
    }

    @Test func aPlainSVGWithInternalLinksAndAnimationIsFine() throws {
        #expect(try problem(Self.svg + "<defs><linearGradient id='g'/></defs><rect fill='url(#g)'><animate attributeName='opacity' values='0;1'/></rect><use xlink:href='#g'/></svg>") == nil)
    }
}

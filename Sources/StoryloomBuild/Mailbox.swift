import Foundation
import StoryloomDocument
import StoryloomShared
import Yams

/// An email address with an optional name, as a project or brand file gives it: `Name
/// <someone@example.org>` or `someone@example.org`. It ends up in a message's From or To header,
/// so it is checked strictly when the file is read: an ASCII address of the common form, and a
/// name without line ends, controls or angle brackets (a writer encodes a non-ASCII name).
public struct Mailbox: Sendable, Equatable {
    public var name: String?
    public var address: String

    /// The mailbox `text` spells, or nil if it is not one.
    public static func parse(_ text: String) -> Mailbox? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String? = nil, address = trimmed
        if let open = trimmed.lastIndex(of: "<") {
            guard trimmed.hasSuffix(">") else { return nil }
            address = String(trimmed[trimmed.index(after: open) ..< trimmed.index(before: trimmed.endIndex)])
            var display = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            // A name given in quotes, as mail programs write it.
            if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") { display = String(display.dropFirst().dropLast()) }
            name = display.isEmpty ? nil : display
        }
        guard address.count <= 254, address.wholeMatch(of: Self.addressPattern) != nil else { return nil }
        if let name {
            guard name.count <= 200, TextCleaning.clean(name) == name, !name.contains("\n"),
                  !name.contains(where: { "<>\"\\".contains($0) }) else { return nil }
        }
        return Mailbox(name: name, address: address)
    }

    /// `local@domain.tld`: the local part's atom characters and dots, a domain of DNS labels.
    private static var addressPattern: some RegexComponent { /[A-Za-z0-9!#$%&'*+\/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+\/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/ }

    /// As plugins see it: `{ name = …, address = … }`.
    var plainValue: PlainValue {
        .record([("address", .string(address))] + (name.map { [("name", PlainValue.string($0))] } ?? []))
    }
}

extension NodeReader {
    /// A mailbox (`Name <someone@example.org>`), located if it is not one.
    func mailbox(_ node: Node, _ pointer: String) throws(ProjectError) -> Mailbox {
        let text = try string(node, pointer)
        guard let mailbox = Mailbox.parse(text) else {
            throw error(node, pointer, "'\(TextCleaning.cleanLine(text))' is not an email address",
                        suggestion: "write a name and an address, such as Riverside Homes <voice@riverside-homes.example>, or the address alone")
        }
        return mailbox
    }

    /// A web address (http or https).
    func webAddress(_ node: Node, _ pointer: String) throws(ProjectError) -> String {
        let text = try string(node, pointer).trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), text.count > 8, text.count <= 2000,
              !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "<>\"".unicodeScalars.contains($0) }) else {
            throw error(node, pointer, "'\(TextCleaning.cleanLine(text))' is not an http or https address", suggestion: "write e.g. https://example.org/reports/")
        }
        return text
    }
}

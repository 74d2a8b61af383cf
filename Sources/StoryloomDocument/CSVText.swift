/// CSV as spreadsheets read it safely: fields quoted when they hold a separator, a quote or a
/// line end; control characters removed; and text a spreadsheet would run as a formula (it
/// starts with =, +, -, @, a tab or a carriage return) prefixed with an apostrophe, so it shows
/// as the text it is. Numbers stay numbers.
public enum CSVText {
    public static func field(_ text: String) -> String {
        var value = TextCleaning.removingControls(text)
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

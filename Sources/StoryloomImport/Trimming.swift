import Foundation

extension StringProtocol {
    /// `trimmingCharacters(in:)`, skipping Foundation's work when neither end has anything to
    /// trim, as with nearly every name and value an import reads (a hundred thousand of them).
    func trimmed(of set: CharacterSet) -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return "" }
        if !set.contains(first), !set.contains(last) { return String(self) }
        return trimmingCharacters(in: set)
    }
}

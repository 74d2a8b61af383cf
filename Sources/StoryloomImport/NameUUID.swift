import Foundation

/// GUIDs derived from Storyloom ids, so the same corpus always exports the same GUIDs and an
/// import can recognise records it exported: RFC 9562 version 5 (name-based, SHA-1) UUIDs in
/// Storyloom's own namespace.
enum NameUUID {
    /// Storyloom's namespace for name-based UUIDs (a fixed, random UUID).
    static let namespace: [UInt8] = [0x5b, 0x1e, 0x0c, 0x6a, 0x2f, 0x47, 0x4d, 0x1b, 0x9e, 0x34, 0x71, 0xa0, 0x8c, 0x52, 0xd3, 0x19]

    /// The GUID for one record: `kind` (theme, storyteller...) and its id. Upper case, as
    /// most QDA programs write them.
    static func guid(_ kind: String, _ id: String) -> String {
        var bytes = Array(SHA1.digest(namespace + Array((kind + ":" + id).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        // 8-4-4-4-12 upper-case hex digits, written as bytes (this runs once per record).
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (n, byte) in bytes.enumerated() {
            if n == 4 || n == 6 || n == 8 || n == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A GUID as written, without braces, upper case: GUIDs compare this way.
    static func normalized(_ guid: String) -> String {
        // Already in the form (as every GUID this project writes is): nothing to change.
        if guid.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || $0 == 0x2D }) { return guid }
        var text = guid.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("{"), text.hasSuffix("}") { text = String(text.dropFirst().dropLast()) }
        return text.uppercased()
    }
}

/// SHA-1 (FIPS 180-4), only for name-based UUIDs: not for anything that needs security.
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: padded.count, by: 64) {
            for t in 0 ..< 16 {
                let i = block + t * 4
                w[t] = UInt32(padded[i]) << 24 | UInt32(padded[i + 1]) << 16 | UInt32(padded[i + 2]) << 8 | UInt32(padded[i + 3])
            }
            for t in 16 ..< 80 { w[t] = rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0 ..< 80 {
                let (f, k): (UInt32, UInt32) = switch t {
                case 0 ..< 20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20 ..< 40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40 ..< 60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotate(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, temp)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    private static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
}

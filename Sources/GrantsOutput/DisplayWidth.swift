/// How many terminal columns text takes, for aligning tables.
///
/// The rules follow what terminals do (and `wcwidth`): combining marks and
/// other invisible format characters take no column; East Asian wide and
/// fullwidth characters (CJK ideographs, kana, Hangul syllables, fullwidth
/// forms) and emoji shown as pictures take two; everything else takes one.
/// Width is counted per grapheme cluster (one user-perceived character), so
/// `"e\u{0301}"` (e + combining acute) takes one column, exactly like the
/// precomposed `"é"`; so do Latvian ā č ē ģ ī ķ ļ ņ š ū ž and Norwegian ø å in
/// either form.
///
/// ```swift
/// DisplayWidth.of("Trøndelag")   // 9
/// DisplayWidth.of("日本")         // 4
/// DisplayWidth.of("e\u{0301}")   // 1
/// ```
public enum DisplayWidth {
    /// The number of terminal columns `text` occupies.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var width = 0
        for character in text {
            width += of(character)
        }
        return width
    }

    /// The number of terminal columns one character (grapheme cluster) occupies: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        // Fast path: ASCII printable characters.
        if let ascii = character.asciiValue {
            return (0x20..<0x7F).contains(ascii) ? 1 : 0
        }
        var sum = 0
        for scalar in character.unicodeScalars {
            if scalar.value == 0xFE0F { return 2 }  // VARIATION SELECTOR-16: emoji presentation
            sum += of(scalar)
        }
        return min(sum, 2)
    }

    /// The number of terminal columns one Unicode scalar occupies on its own: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }  // control characters
        if value < 0x300 { return 1 }  // Latin-1 and Latin Extended: one column
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        // Hangul jamo medial vowels and final consonants join the initial consonant.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Width W or F (Unicode 15.1, UAX #11), apart from emoji,
    /// which `isEmojiPresentation` covers.
    private static func isWide(_ value: UInt32) -> Bool {
        // Fast rejection below the first wide range.
        if value < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Sorted, non-overlapping ranges of East Asian wide and fullwidth code points.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,  // Hangul Jamo initial consonants
        0x2329...0x232A,  // angle brackets
        0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, Kanbun, CJK strokes, enclosed CJK
        0x3400...0x4DBF,  // CJK Extension A
        0x4E00...0x9FFF,  // CJK Unified Ideographs
        0xA000...0xA4CF,  // Yi
        0xA960...0xA97F,  // Hangul Jamo Extended-A
        0xAC00...0xD7A3,  // Hangul syllables
        0xF900...0xFAFF,  // CJK Compatibility Ideographs
        0xFE10...0xFE19,  // vertical forms
        0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
        0xFF00...0xFF60,  // fullwidth forms
        0xFFE0...0xFFE6,  // fullwidth signs
        0x16FE0...0x16FE4,
        0x16FF0...0x16FF1,
        0x17000...0x18CD5,  // Tangut, Khitan
        0x18D00...0x18D08,
        0x1AFF0...0x1B2FF,  // Kana extensions, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK Extensions B-F, compatibility supplement
        0x30000...0x3FFFD,  // CJK Extensions G, H
    ]
}

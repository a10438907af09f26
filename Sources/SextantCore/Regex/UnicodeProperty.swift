import Foundation
import Synchronization

/// A Unicode class a pattern names with `\p{…}`: a general category (`L`, `Lu`, `Nd`, …),
/// `Any`, `Assigned`, `ASCII`, or a script (`Greek`, `Han`, …), as RE2 and Go name them.
struct UnicodeProperty: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case categories(Set<Unicode.GeneralCategory>)
        case any
        case assigned
        case ascii
        case script(ScriptMembership)
    }

    let kind: Kind
    let isNegated: Bool

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let holds: Bool
        switch kind {
        case .categories(let set): holds = set.contains(scalar.properties.generalCategory)
        case .any: holds = true
        case .assigned: holds = scalar.properties.generalCategory != .unassigned
        case .ascii: holds = scalar.isASCII
        case .script(let membership): holds = membership.contains(scalar)
        }
        return holds != isNegated
    }

    /// The property `name` names (as in `\p{name}`), or `nil` when RE2 knows no such class.
    init?(named name: String, negated: Bool) {
        isNegated = negated
        switch name {
        case "Any": kind = .any
        case "Assigned": kind = .assigned
        case "ASCII": kind = .ascii
        default:
            if let set = Self.categories[name] {
                kind = .categories(set)
            } else if Self.scripts.contains(name) {
                kind = .script(ScriptMembership.named(name))
            } else {
                return nil
            }
        }
    }

    private static let categories: [String: Set<Unicode.GeneralCategory>] = {
        let single: [String: Unicode.GeneralCategory] = [
            "Lu": .uppercaseLetter, "Ll": .lowercaseLetter, "Lt": .titlecaseLetter, "Lm": .modifierLetter, "Lo": .otherLetter,
            "Mn": .nonspacingMark, "Mc": .spacingMark, "Me": .enclosingMark,
            "Nd": .decimalNumber, "Nl": .letterNumber, "No": .otherNumber,
            "Pc": .connectorPunctuation, "Pd": .dashPunctuation, "Ps": .openPunctuation, "Pe": .closePunctuation,
            "Pi": .initialPunctuation, "Pf": .finalPunctuation, "Po": .otherPunctuation,
            "Sm": .mathSymbol, "Sc": .currencySymbol, "Sk": .modifierSymbol, "So": .otherSymbol,
            "Zs": .spaceSeparator, "Zl": .lineSeparator, "Zp": .paragraphSeparator,
            "Cc": .control, "Cf": .format, "Cs": .surrogate, "Co": .privateUse,
        ]
        var result = single.mapValues { Set([$0]) }
        for major in ["L", "M", "N", "P", "S", "Z", "C"] {
            result[major] = Set(single.filter { $0.key.hasPrefix(major) }.values)
        }
        result["LC"] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        return result
    }()

    /// The scripts of Unicode 15, by the names RE2 and Go use.
    static let scripts: Set<String> = [
        "Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian", "Avestan", "Balinese", "Bamum", "Bassa_Vah", "Batak",
        "Bengali", "Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid", "Canadian_Aboriginal", "Carian",
        "Caucasian_Albanian", "Chakma", "Cham", "Cherokee", "Chorasmian", "Common", "Coptic", "Cuneiform", "Cypriot",
        "Cypro_Minoan", "Cyrillic", "Deseret", "Devanagari", "Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs",
        "Elbasan", "Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha", "Greek", "Gujarati", "Gunjala_Gondi",
        "Gurmukhi", "Han", "Hangul", "Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew", "Hiragana", "Imperial_Aramaic",
        "Inherited", "Inscriptional_Pahlavi", "Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada", "Kawi", "Katakana",
        "Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer", "Khojki", "Khudawadi", "Lao", "Latin", "Lepcha", "Limbu",
        "Linear_A", "Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar", "Malayalam", "Mandaic", "Manichaean",
        "Marchen", "Masaram_Gondi", "Medefaidrin", "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive", "Meroitic_Hieroglyphs",
        "Miao", "Modi", "Mongolian", "Mro", "Multani", "Myanmar", "Nabataean", "Nag_Mundari", "Nandinagari", "New_Tai_Lue",
        "Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki", "Old_Hungarian", "Old_Italic",
        "Old_North_Arabian", "Old_Permic", "Old_Persian", "Old_Sogdian", "Old_South_Arabian", "Old_Turkic", "Old_Uyghur",
        "Oriya", "Osage", "Osmanya", "Pahawh_Hmong", "Palmyrene", "Pau_Cin_Hau", "Phags_Pa", "Phoenician", "Psalter_Pahlavi",
        "Rejang", "Runic", "Samaritan", "Saurashtra", "Sharada", "Shavian", "Siddham", "SignWriting", "Sinhala", "Sogdian",
        "Sora_Sompeng", "Soyombo", "Sundanese", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le", "Tai_Tham",
        "Tai_Viet", "Takri", "Tamil", "Tangsa", "Tangut", "Telugu", "Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta", "Toto",
        "Ugaritic", "Vai", "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi", "Zanabazar_Square",
    ]
}

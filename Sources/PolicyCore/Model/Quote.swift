/// Quoting of user-supplied values in messages: bounded in length and free of control characters, so a message
/// stays readable and never carries a whole object back to the user.
package enum Quote {
    /// The longest part of a value echoed in a message.
    package static let maximumLength = 80

    /// `"value"`, shortened with `…` past `maximumLength` characters, control characters escaped.
    package static func value(_ string: String) -> String {
        // Most values (names, kinds) are short printable ASCII, shown as they are, without walking them by
        // `Character` (grapheme breaking is the expensive part of quoting).
        if string.utf8.count <= Self.maximumLength,
            string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") })
        {
            return "\"" + string + "\""
        }
        return Self.byCharacter(string)
    }

    /// `value` the general way, walking the string by `Character`: for what its shortcut does not cover (and the
    /// reference the shortcut is tested against).
    package static func byCharacter(_ string: String) -> String {
        var shown = ""
        for (count, character) in string.enumerated() {
            if count == Self.maximumLength {
                shown += "…"
                break
            }
            switch character {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case "\"": shown += "\\\""
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
                    shown.append(character)
                } else {
                    shown += "?"
                }
            }
        }
        return "\"\(shown)\""
    }
}

/// A piece of HTML or SVG that is safe to insert: made only from escaped text and elements
/// whose names and attribute names are ours, with escaped attribute values.
///
/// A string literal is text, escaped, so `tag("td", "\(group.name)")` can never inject markup.
struct Markup: Sendable, ExpressibleByStringInterpolation {
    let html: String

    private init(html: String) { self.html = html }

    /// Escaped text.
    init(stringLiteral text: String) { html = Self.escape(text) }

    /// Escaped text.
    static func text(_ text: String) -> Markup { Markup(stringLiteral: text) }

    /// Markup written by this module, taken as it is (the style sheet, the doctype).
    static func trusted(_ html: String) -> Markup { Markup(html: html) }

    static func + (a: Markup, b: Markup) -> Markup { Markup(html: a.html + b.html) }

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// SVG shapes are written self-closing when empty; every other element gets its end tag.
    private static let selfClosing: Set<String> = ["circle", "line", "path", "polyline", "rect"]

    /// `<name a="v">children</name>`, attributes in the order given (so output is stable).
    static func tag(_ name: String, _ attributes: KeyValuePairs<String, String>, _ children: [Markup]) -> Markup {
        let attributes = attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
        if children.isEmpty, selfClosing.contains(name) { return Markup(html: "<\(name)\(attributes)/>") }
        return Markup(html: "<\(name)\(attributes)>" + children.map(\.html).joined() + "</\(name)>")
    }

    static func tag(_ name: String, _ attributes: KeyValuePairs<String, String>, _ children: Markup...) -> Markup {
        tag(name, attributes, children)
    }

    /// `<name>children</name>`.
    static func tag(_ name: String, _ children: Markup...) -> Markup { tag(name, [:], children) }
}

extension Array where Element == Markup {
    var joined: Markup { Markup.trusted(map(\.html).joined()) }
}

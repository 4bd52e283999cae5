import CuerdaCore

/// A closed set of names people type (a team, a status, a letter): parsed without regard to
/// case, with the accepted names in the error.
public protocol NamedChoice: RawRepresentable, CaseIterable where RawValue == String {
    /// What a value is, for errors: "a team", "a grade".
    static var choiceName: String { get }
}

extension NamedChoice {
    /// Parses a name in any case.
    /// - Throws: ``CuerdaError`` `.invalidArgument` listing the accepted names.
    public init(parsing text: String) throws(CuerdaError) {
        guard let value = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            let names = Self.allCases.map(\.rawValue)
            let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
            throw CuerdaError(.invalidArgument, "'\(text)' is not \(Self.choiceName) (\(list))")
        }
        self = value
    }
}

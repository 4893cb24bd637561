extension ClassAd: CustomStringConvertible {
    /// The ad in the one-`Name = expression`-per-line form that HTCondor's
    /// tools print (`condor_q -long`); parses back with `init(parsing:)`.
    public var description: String {
        attributes.map { "\(ClassAdExpression.quoteName($0.name)) = \($0.expression)" }.joined(separator: "\n")
    }

    /// The compact single-line form HTCondor uses inside lists and when a
    /// nested ad is converted to a string: `[ a = 1; b = 2 ]`.
    public var compactDescription: String { unparse(condor: false) }

    /// `condor`: HTCondor's unparser conventions (see `ClassAdExpression.unparse`).
    func unparse(condor: Bool) -> String {
        if count == 0 { return "[  ]" }
        return "[ " + attributes.map { "\(ClassAdExpression.quoteName($0.name)) = \($0.expression.unparse(condor: condor))" }.joined(separator: "; ") + " ]"
    }
}

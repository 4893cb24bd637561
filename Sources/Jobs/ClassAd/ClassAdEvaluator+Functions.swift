/// Built-in functions. Names are case-insensitive; an unknown name or a wrong
/// number of arguments evaluates to `error` (HTCondor parses any call and
/// fails only at evaluation). Semantics follow HTCondor's fnCall.cpp and the
/// "ClassAd Mechanism" chapter's function list; checked against classad2.
extension ClassAdEvaluator {
    mutating func callFunction(_ name: String, _ args: [ClassAdExpression], in scope: ClassAdScope) -> ClassAdValue {
        let lower = name.lowercased()
        // ifThenElse evaluates only the branch it needs.
        if lower == "ifthenelse" {
            guard args.count == 3 else { return .error }
            let c = evaluate(args[0], in: scope)
            switch c {
            case .undefined: return .undefined
            case .error: return .error
            default:
                guard let b = c.booleanEquivalent else { return .error }
                return evaluate(b ? args[1] : args[2], in: scope)
            }
        }
        let values = args.map { evaluate($0, in: scope) }
        switch lower {
        case "isundefined", "iserror", "isstring", "isinteger", "isreal", "islist", "isclassad", "isboolean":
            guard values.count == 1 else { return .error }
            return .boolean(Self.isType(lower, values[0]))
        case "strcat": return ClassAdFunctions.strcat(values)
        case "substr": return ClassAdFunctions.substr(values)
        case "size": return ClassAdFunctions.size(values)
        case "tolower", "toupper": return ClassAdFunctions.changeCase(values, upper: lower == "toupper")
        case "regexp": return ClassAdFunctions.regexp(values)
        case "stringlistmember", "stringlistimember":
            return ClassAdFunctions.stringListMember(values, ignoringCase: lower == "stringlistimember")
        case "int": return values.count == 1 ? ClassAdFunctions.toInteger(values[0]) : .error
        case "real": return values.count == 1 ? ClassAdFunctions.toReal(values[0]) : .error
        case "string":
            guard values.count == 1 else { return .error }
            return values[0].isExceptional ? values[0] : .string(values[0].stringConversion)
        case "floor", "ceiling", "ceil", "round": return ClassAdFunctions.round(lower, values)
        case "min", "max": return ClassAdFunctions.minMax(values, minimum: lower == "min")
        case "member", "identicalmember": return ClassAdFunctions.member(values, identical: lower == "identicalmember")
        case "time": return values.isEmpty ? .integer(now) : .error
        default: return .error
        }
    }

    static func isType(_ name: String, _ v: ClassAdValue) -> Bool {
        switch (name, v) {
        case ("isundefined", .undefined), ("iserror", .error), ("isstring", .string),
             ("isinteger", .integer), ("isreal", .real), ("islist", .list),
             ("isclassad", .classAd), ("isboolean", .boolean):
            return true
        default: return false
        }
    }
}

/// The mutable part of one evaluation: depth and the attributes currently
/// being evaluated (for cycle detection). Lives only for one `evaluate` call.
struct ClassAdEvaluator {
    let now: Int64
    let fallback: Bool
    var depth = 0
    /// Attributes being evaluated: the ad's id (MY 0, TARGET 1) or, for a
    /// nested ad value (id -1), the ad itself, compared by content.
    var inProgress: [(id: Int, ad: ClassAd?, name: String)] = []

    init(now: Int64, fallback: Bool) {
        self.now = now
        self.fallback = fallback
    }

    mutating func evaluate(_ e: ClassAdExpression, in scope: ClassAdScope) -> ClassAdValue {
        depth += 1
        defer { depth -= 1 }
        if depth > ClassAdEvaluation.maximumDepth { return .error }
        switch e {
        case .literal(let v): return v
        case .parenthesized(let inner): return evaluate(inner, in: scope)
        case .attribute(let name): return lookup(name, in: scope)
        case .absoluteAttribute(let name):
            guard let root = scope.chain.last, let expr = root.ad[name] else { return .undefined }
            return evaluateAttribute(expr, name: name, frame: root, in: ClassAdScope(chain: [root], my: scope.my, target: scope.target))
        case .select(let base, let name): return select(base, name, in: scope)
        case .index(let base, let index):
            return subscriptValue(evaluate(base, in: scope), evaluate(index, in: scope), in: scope)
        case .unary(let op, let operand):
            return ClassAdOperators.unary(op, evaluate(operand, in: scope))
        case .binary(let op, let l, let r):
            let left = evaluate(l, in: scope)
            // && and || short-circuit (HTCondor's shortCircuit): a false
            // left of && or a true left of || decides; error on the left
            // is error without looking right.
            switch op {
            case .and:
                if left.booleanEquivalent == false { return .boolean(false) }
                if left == .error { return .error }
            case .or:
                if left.booleanEquivalent == true { return .boolean(true) }
                if left == .error { return .error }
            default: break
            }
            return ClassAdOperators.binary(op, left, evaluate(r, in: scope))
        case .conditional(let c, let t, let f):
            let condition = evaluate(c, in: scope)
            switch condition {
            case .undefined: return .undefined
            case .error: return .error
            default:
                guard let b = condition.booleanEquivalent else { return .error }
                return evaluate(b ? t : f, in: scope)
            }
        case .elvis(let l, let r):
            let left = evaluate(l, in: scope)
            return left == .undefined ? evaluate(r, in: scope) : left
        case .call(let name, let args):
            return callFunction(name, args, in: scope)
        case .list(let items):
            return .list(ClassAdList(items.map { evaluate($0, in: scope) }, sources: items))
        case .record(let ad):
            return .classAd(ad)
        }
    }

    /// Bare-name lookup: reserved scope names, enclosing ads, MY, then TARGET.
    /// `reservedNames`: whether `MY`/`TARGET`/`OTHER`/`SELF` denote the ads
    /// (true for bare references; `ad.my` selects an attribute named my).
    mutating func lookup(_ name: String, in scope: ClassAdScope, reservedNames: Bool = true) -> ClassAdValue {
        if reservedNames {
            switch name.lowercased() {
            case "my": return scope.my.map { .classAd($0.ad) } ?? .undefined
            case "target", "other": return scope.target.map { .classAd($0.ad) } ?? .undefined
            default: break
            }
        }
        for (i, frame) in scope.chain.enumerated() {
            if let expr = frame.ad[name] {
                let inner = ClassAdScope(chain: Array(scope.chain[i...]), my: scope.my, target: scope.target)
                return evaluateAttribute(expr, name: name, frame: frame, in: inner)
            }
        }
        // HTCondor's "alternate scope": only a reference evaluated directly
        // in MY (not inside a nested ad) falls back to TARGET.
        if fallback, let first = scope.chain.first, first.id >= 0, first.id == scope.my?.id,
           let target = scope.target, let expr = target.ad[name] {
            return evaluateAttribute(expr, name: name, frame: target, in: scope.swapped)
        }
        return .undefined
    }

    mutating func evaluateAttribute(_ expr: ClassAdExpression, name: String, frame: ClassAdScope.Frame, in scope: ClassAdScope) -> ClassAdValue {
        let key = name.lowercased()
        let nested = frame.id < 0 ? frame.ad : nil
        let circular = inProgress.contains { entry in
            entry.name == key && entry.id == frame.id && (frame.id >= 0 || entry.ad == nested)
        }
        if circular { return .undefined }  // circular reference; HTCondor gives undefined
        inProgress.append((frame.id, nested, key))
        defer { inProgress.removeLast() }
        return evaluate(expr, in: scope)
    }

    mutating func select(_ base: ClassAdExpression, _ name: String, in scope: ClassAdScope) -> ClassAdValue {
        if case .attribute(let scopeName) = base {
            switch scopeName.lowercased() {
            case "my":
                guard let my = scope.my, let expr = my.ad[name] else { return .undefined }
                let inner = ClassAdScope(chain: [my], my: scope.my, target: scope.target)
                return evaluateAttribute(expr, name: name, frame: my, in: inner)
            case "target", "other":
                guard let target = scope.target, let expr = target.ad[name] else { return .undefined }
                return evaluateAttribute(expr, name: name, frame: target, in: scope.swapped)
            default: break
            }
        }
        return selectValue(evaluate(base, in: scope), name, in: scope)
    }

    mutating func selectValue(_ value: ClassAdValue, _ name: String, in scope: ClassAdScope) -> ClassAdValue {
        switch value {
        case .classAd(let ad):
            // `ad.x` looks up x in ad and then in its enclosing scopes
            // (`[].x` finds MY's x), but never in TARGET.
            let inner = ClassAdScope(chain: [ClassAdScope.Frame(ad: ad, id: -1)] + scope.chain, my: scope.my, target: scope.target)
            return lookup(name, in: inner, reservedNames: false)
        case .list(let items):
            // Selection distributes over a list: {a, b}.x is {a.x, b.x}.
            return .list(ClassAdList(items.map { selectValue($0, name, in: scope) }))
        case .undefined: return .undefined
        default: return .error
        }
    }

    mutating func subscriptValue(_ base: ClassAdValue, _ index: ClassAdValue, in scope: ClassAdScope) -> ClassAdValue {
        if base == .error || index == .error { return .error }
        if base == .undefined || index == .undefined { return .undefined }
        switch (base, index) {
        case (.list(let items), .integer(let wide)):
            // HTCondor reads the index into a C int: only the low 32 bits count.
            let i = Int(Int32(truncatingIfNeeded: wide))
            guard i >= 0 && i < items.count else { return .error }
            return items[i]
        case (.classAd(let ad), .string(let name)):
            // Unlike `ad.name`, `ad["name"]` looks only in the ad itself.
            guard let expr = ad[name] else { return .undefined }
            let frame = ClassAdScope.Frame(ad: ad, id: -1)
            let inner = ClassAdScope(chain: [frame] + scope.chain, my: scope.my, target: scope.target)
            return evaluateAttribute(expr, name: name, frame: frame, in: inner)
        default:
            return .error
        }
    }
}

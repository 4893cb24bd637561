/// The environment an expression is evaluated in: the ad the expression
/// belongs to (MY), the ad it is being matched against (TARGET), and the
/// clock value `time()` returns. Evaluation is pure: `time()` never reads a
/// clock, it returns `now`.
///
/// Attribute lookup rules (HTCondor's "ClassAd Mechanism" chapter, section
/// on scoping; every rule checked against classad2 25.14.1 with the
/// `htcondor2` module loaded, i.e. with the "old ClassAd semantics" that
/// HTCondor's daemons and tools switch on):
/// - `MY.x` looks only in MY; `TARGET.x` / `OTHER.x` look only in TARGET,
///   and x's expression is then evaluated with the roles swapped (inside the
///   machine ad, MY is the machine). A bare `MY` / `TARGET` is the ad value.
/// - A bare `x` looks in the enclosing nested ads, then MY, and when not
///   found there in TARGET: HTCondor's "alternate scope", which is why
///   `Requirements = Memory > 1024` in a job finds the machine's Memory.
///   The fallback applies only to names evaluated directly in MY (or, with
///   roles swapped, in TARGET), not inside nested ads. With
///   `bareNamesFallBackToTarget: false` the lookup stops at MY (HTCondor's
///   strict mode, `STRICT_CLASSAD_EVALUATION`).
/// - `ad.x` looks in `ad`, then in the scopes enclosing it (`[].x` is MY's
///   x), never in TARGET; `ad["x"]` looks only in `ad` itself; `.x` (an
///   absolute reference) looks only in the outermost ad.
/// - A circular reference (`a = b; b = a`) is `undefined`, as in HTCondor;
///   nesting beyond `maximumDepth` is `error`.
public struct ClassAdEvaluation: Sendable {
    public var my: ClassAd?
    public var target: ClassAd?
    /// Epoch seconds returned by `time()`.
    public var now: Int64
    public var bareNamesFallBackToTarget: Bool
    /// Limit on nested evaluation steps before giving `error` (stack guard).
    public static let maximumDepth = 400

    public init(my: ClassAd? = nil, target: ClassAd? = nil, now: Int64 = 0, bareNamesFallBackToTarget: Bool = true) {
        self.my = my
        self.target = target
        self.now = now
        self.bareNamesFallBackToTarget = bareNamesFallBackToTarget
    }

    /// Evaluates `expression` in this environment. Never traps.
    public func evaluate(_ expression: ClassAdExpression) -> ClassAdValue {
        var state = ClassAdEvaluator(now: now, fallback: bareNamesFallBackToTarget)
        let scope = ClassAdScope(
            chain: my.map { [ClassAdScope.Frame(ad: $0, id: 0)] } ?? [],
            my: my.map { ClassAdScope.Frame(ad: $0, id: 0) },
            target: target.map { ClassAdScope.Frame(ad: $0, id: 1) })
        return state.evaluate(expression, in: scope)
    }
}

extension ClassAdExpression {
    /// Evaluates with MY = `my`, TARGET = `target`, `time()` = `now`.
    public func evaluate(my: ClassAd? = nil, target: ClassAd? = nil, now: Int64 = 0) -> ClassAdValue {
        ClassAdEvaluation(my: my, target: target, now: now).evaluate(self)
    }

    /// Evaluates in the given environment.
    public func evaluate(in context: ClassAdEvaluation) -> ClassAdValue {
        context.evaluate(self)
    }
}

/// Where names are looked up: the chain of enclosing ads (innermost first),
/// and the MY and TARGET ads. `id` identifies an ad for cycle detection
/// (0 = MY, 1 = TARGET, -1 = a nested ad value, checked by depth only).
struct ClassAdScope {
    struct Frame {
        var ad: ClassAd
        var id: Int
    }
    var chain: [Frame]
    var my: Frame?
    var target: Frame?

    /// The scope for evaluating an attribute of TARGET: roles swapped.
    var swapped: ClassAdScope {
        ClassAdScope(chain: target.map { [$0] } ?? [], my: target, target: my)
    }
}

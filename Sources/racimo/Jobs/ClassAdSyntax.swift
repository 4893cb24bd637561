import Jobs

/// The submit reader's check of ClassAd expressions (requirements, rank, +Attr, policies).
enum ClassAdSyntax {
    /// Placeholder until the ClassAd parser lands: every expression is accepted.
    static let check: SubmitOptions.ExpressionCheck? = nil
}

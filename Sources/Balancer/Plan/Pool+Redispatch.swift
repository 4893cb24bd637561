extension BalancerPlan.Pool {
    /// Whether retry number `retry` (1: the first retry) goes to another server instead of
    /// the one that just failed, as HAProxy 2.6 decides it (stream_choose_redispatch). With
    /// `option redispatch` a retry goes elsewhere when that server is no longer up, or when
    /// the pool is balanced round robin over more than one server that is up (no particular
    /// server was wanted, so waiting for it helps nobody), or on the retries the interval
    /// names: every Pth for a positive P, else the |N|th before the last and each multiple
    /// (HAProxy's default -1: only the last of `retries`). Interval 0 leaves only the first
    /// two reasons, as HAProxy's code does.
    public func redispatches(retry: Int, serverUp: Bool, serversUp: Int) -> Bool {
        guard redispatch, retry > 0 else { return false }
        if !serverUp { return true }
        if algorithm.isRoundRobinKind, serversUp > 1 { return true }
        if redispatchInterval > 0 { return retry % redispatchInterval == 0 }
        if redispatchInterval < 0 {
            // The period is retries + 1 + N. One below 1 (N reaching back past the first
            // retry) means every retry here; HAProxy would take a modulo by it.
            let period = retries + 1 + redispatchInterval
            return period < 1 || retry % period == 0
        }
        return false
    }
}

extension Algorithm {
    /// HAProxy's BE_LB_KIND_RR: the algorithms for which any server will do.
    public var isRoundRobinKind: Bool {
        switch self {
        case .haproxyRoundRobin, .haproxyStaticRoundRobin, .ipvsRoundRobin, .ipvsWeightedRoundRobin: true
        default: false
        }
    }
}

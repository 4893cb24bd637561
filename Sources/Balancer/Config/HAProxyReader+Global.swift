import RacimoCore

/// Reading haproxy.cfg: the `global` section, of which the balancer uses `nbthread`.
extension HAProxyReader {
    mutating func readGlobalLine(_ words: [ConfigWord]) {
        let keyword = words[0]
        guard keyword.text == "nbthread" else {
            warning(keyword.location, "global setting '\(keyword.text)' is not used by racimo balancer and is ignored")
            return
        }
        guard words.count == 2, let n = ConfigSupport.integer(words[1].text), (1...256).contains(n) else {
            let at = words.count > 1 ? words[1].location : keyword.location
            error(at, "'nbthread' needs one whole number from 1 to 256, found '\(words.dropFirst().map(\.text).joined(separator: " "))'")
            return
        }
        threads = n
    }
}

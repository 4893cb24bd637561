import RacimoCore

/// Reading haproxy.cfg: `acl` and `use_backend`.
extension HAProxyReader {
    mutating func readACL(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard args.count >= 2 else { error(at, "'acl' needs a name, a criterion and values"); return }
        let name = args[0], criterion = args[1]
        var rest = args.dropFirst(2)
        var caseInsensitive = false
        while let flag = rest.first, flag.text.hasPrefix("-") {
            rest = rest.dropFirst()
            switch flag.text {
            case "-i": caseInsensitive = true
            case "--": break
            default:
                error(flag.location, "ACL flag '\(flag.text)' is not supported", hint: "only -i is")
                return
            }
            if flag.text == "--" { break }
        }
        let values = rest.map(\.text)
        guard !values.isEmpty else { error(criterion.location, "ACL '\(name.text)' needs at least one value"); return }
        let test: Configuration.ACLTest
        switch criterion.text {
        case "hdr(host)", "hdr(Host)", "req.hdr(host)": test = .host(values, caseInsensitive: caseInsensitive)
        case "path_beg": test = .pathBegins(values, caseInsensitive: caseInsensitive)
        default:
            error(criterion.location, "ACL criterion '\(criterion.text)' is not supported",
                  suggestion: Suggestion.closest(to: criterion.text, in: ["hdr(host)", "path_beg"]),
                  hint: "only hdr(host) and path_beg are")
            return
        }
        section.acls[name.text, default: []].append(test)
    }

    mutating func readUseBackend(_ args: [ConfigWord], at: SourceLocation, into section: inout Section) {
        guard let backend = args.first else { error(at, "'use_backend' needs a backend name"); return }
        guard let keyword = args.dropFirst().first else {
            error(at, "'use_backend' needs a condition ('if' or 'unless')", hint: "use 'default_backend' for an unconditional backend")
            return
        }
        guard keyword.text == "if" || keyword.text == "unless" else {
            error(keyword.location, "expected 'if' or 'unless', found '\(keyword.text)'")
            return
        }
        var alternatives: [[Configuration.ConditionTerm]] = [[]]
        for w in args.dropFirst(2) {
            if w.text == "or" || w.text == "||" {
                guard !(alternatives.last?.isEmpty ?? true) else { error(w.location, "'\(w.text)' needs a term before it"); return }
                alternatives.append([])
                continue
            }
            if w.text.hasPrefix("{") || w.text == "}" {
                error(w.location, "anonymous ACLs ('{ ... }') are not supported", hint: "declare the test with 'acl NAME ...'")
                return
            }
            var name = w.text
            var negated = false
            if name.hasPrefix("!") { negated = true; name.removeFirst() }
            guard !name.isEmpty else { error(w.location, "'!' needs an ACL name after it"); return }
            alternatives[alternatives.count - 1].append(.init(acl: name, negated: negated))
            section.aclUses.append(ConfigWord(text: name, location: w.location))
        }
        guard !(alternatives.last?.isEmpty ?? true) else { error(keyword.location, "'\(keyword.text)' needs a condition"); return }
        section.useBackends.append((.init(backend: backend.text, condition: .init(unless: keyword.text == "unless", alternatives: alternatives), location: at), backend))
    }
}

import Foundation
import Jobs

/// A pretend submit host: a working directory, some files, some executables.
struct FakeSubmitEnvironment: SubmitEnvironment {
    var workingDirectory = "/home/ana/jobs"
    var variables: [String: String] = ["HOME": "/home/ana", "USER": "ana", "LANG": "C"]
    var files: [String: String] = [:]
    var executables: Set<String> = ["/home/ana/jobs/myprog", "/usr/bin/env"]
    var directories: Set<String> = ["/home/ana/jobs/data", "/home/ana/jobs/run1"]

    func contents(ofFile path: String) -> String? { files[path] }

    func matching(_ pattern: String, directories wantDirectories: Bool?) -> [String] {
        // Only `prefix*suffix` patterns, enough for the tests.
        let parts = pattern.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
        let all = Set(files.keys).union(directories).union(executables)
        return all.compactMap { path -> String? in
            let prefix = workingDirectory + "/"
            guard path.hasPrefix(prefix) else { return nil }
            let name = String(path.dropFirst(prefix.count))
            let ok = parts.count == 2
                ? name.hasPrefix(parts[0]) && name.hasSuffix(parts[1]) : name == pattern
            guard ok else { return nil }
            if let wantDirectories, wantDirectories != directories.contains(path) { return nil }
            return name
        }.sorted()
    }

    func isExecutable(_ path: String) -> Bool { executables.contains(path) }
    func fileExists(_ path: String) -> Bool {
        files[path] != nil || executables.contains(path) || directories.contains(path)
    }
}

/// The stand-in ClassAd check the tests use: rejects unbalanced parentheses and `&& &&`.
let stubExpressionCheck: SubmitOptions.ExpressionCheck = { text in
    let chars = Array(text)
    var open: [Int] = []
    for (i, c) in chars.enumerated() {
        if c == "(" { open.append(i) }
        if c == ")" {
            if open.isEmpty { return ("unmatched ')'", i) }
            open.removeLast()
        }
    }
    if let first = open.first { return ("unclosed '('", first) }
    var i = 0
    var lastWasAnd = false
    while i + 1 < chars.count {
        if chars[i] == " " { i += 1; continue }
        let isAnd = chars[i] == "&" && chars[i + 1] == "&"
        if isAnd && lastWasAnd { return ("'&&' needs an operand on its left", i) }
        lastWasAnd = isAnd
        i += isAnd ? 2 : 1
    }
    if text.trimmingCharacters(in: .whitespaces).hasSuffix("&&") { return ("'&&' needs an operand on its right", chars.count - 2) }
    return nil
}

func read(
    _ text: String, file: String = "job.sub", env: FakeSubmitEnvironment = FakeSubmitEnvironment(),
    cluster: Int = 42
) -> SubmitResult {
    SubmitReader(
        environment: env,
        options: SubmitOptions(
            clusterId: cluster, owner: "ana", now: 1_700_000_000, expressionCheck: stubExpressionCheck)
    ).read(text, file: file)
}

extension JobDescription {
    /// The expression of a job ClassAd attribute, nil when absent.
    func ad(_ name: String) -> String? { classAd.first { $0.name == name }?.expression }
}

import Foundation
import Jobs

import LinuxSupport

/// The real world for the submit reader: files, globs and the process environment.
public struct SystemSubmitEnvironment: SubmitEnvironment {
    public var workingDirectory: String
    public var variables: [String: String]

    public init(
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        variables: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.workingDirectory = workingDirectory
        self.variables = variables
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }

    public func contents(ofFile path: String) -> String? {
        try? String(contentsOfFile: absolute(path), encoding: .utf8)
    }

    /// Globs relative to the working directory and returns names in the form written
    /// (relative patterns give relative names), sorted, like condor_submit's `matching`.
    public func matching(_ pattern: String, directories: Bool?) -> [String] {
        let prefix = pattern.hasPrefix("/") ? "" : workingDirectory + "/"
        var names: [String] = []
        for path in Glob.paths(matching: absolute(pattern)) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if let directories, directories != isDirectory.boolValue { continue }
            names.append(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
        }
        return names.sorted()
    }

    public func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: path)
    }

    public func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }
}

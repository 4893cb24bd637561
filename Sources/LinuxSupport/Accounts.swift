import Glibc

/// User accounts, for running a script as the user a configuration names.
public enum Accounts {
    /// The primary group id of `user` (a name or a numeric id), or nil if there is no such user.
    public static func primaryGroup(of user: String) -> UInt32? {
        if let entry = getpwnam(user) { return entry.pointee.pw_gid }
        if let uid = UInt32(user), let entry = getpwuid(uid) { return entry.pointee.pw_gid }
        return nil
    }
}

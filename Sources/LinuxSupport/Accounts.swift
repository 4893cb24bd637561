import Glibc

/// User accounts, for running a script as the user a configuration names.
public enum Accounts {
    /// The primary group id of `user` (a name or a numeric id), or nil if there is no such user.
    public static func primaryGroup(of user: String) -> UInt32? {
        if let entry = getpwnam(user) { return entry.pointee.pw_gid }
        if let uid = UInt32(user), let entry = getpwuid(uid) { return entry.pointee.pw_gid }
        return nil
    }

    /// The account of numeric `uid`: its name, primary group and home, or nil if none.
    public static func account(uid: UInt32) -> (name: String, gid: UInt32, home: String)? {
        guard let entry = getpwuid(uid) else { return nil }
        return (String(cString: entry.pointee.pw_name), entry.pointee.pw_gid, String(cString: entry.pointee.pw_dir))
    }

    /// The account named `name`: its uid, primary group and home, or nil if none.
    public static func account(named name: String) -> (uid: UInt32, gid: UInt32, home: String)? {
        guard let entry = getpwnam(name) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid, String(cString: entry.pointee.pw_dir))
    }

    /// Every group `user` belongs to (its primary `gid` first), as initgroups(3) would set.
    public static func groups(of user: String, gid: UInt32) -> [UInt32] {
        var count: Int32 = 32
        while true {
            var list = [gid_t](repeating: 0, count: Int(count))
            let previous = count
            if getgrouplist(user, gid, &list, &count) >= 0 { return Array(list.prefix(Int(count))) }
            if count <= previous { return [gid] }
        }
    }
}

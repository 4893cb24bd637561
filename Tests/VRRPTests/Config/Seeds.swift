/// The seed configurations of examples/ (the users' files from the seeds), copied byte for byte so
/// that the readers are tested without I/O. `seedFilesMatch` in KeepalivedSeedTests checks the
/// copies against examples/.
enum Seeds {
    /// examples/keepalived/keepalived.conf (keepalived 1.x, seed 004), with its `vrp_` typos.
    static let keepalivedConf = #"""
vrp_script chk_haproxy { # Requires keepalived-1.1.13
    #script "killall -0 haproxy" # cheaper than pidof
    script "pidof haproxy"
    interval 2 # check every 2 seconds
    weight 2 # add 2 points of prio if OK
}

vrp_sync_group VG1 {
    group {
        VI_1
        VE_1
    }
}

vrp_instance VI_1 {
    interface eth1
    state MASTER # en el standby ponemos BACKUP
    virtual_router_id 52 # 101 on master, 100 on backup
    priority 101
    virtual_ipaddress {
        10.0.100.200
    }
    track_script {
        chk_haproxy
    }
}

vrp_instance VE_1 {
    interface eth0
    state MASTER # en el standby ponemos BACKUP
    virtual_router_id 51
    priority 101 # 101 on master, 100 on backup
    virtual_ipaddress {
        192.168.1.200
    }
    track_script {
        chk_haproxy
    }
}

"""#

    /// examples/heartbeat/ha.cf (Heartbeat 1.x/2.x, seed 001).
    static let haCf = #"""
logfacility    local0
bcast        eth0          # Linux
mcast eth0 225.0.0.1 694 1 0
auto_failback off
node         debian1
node         debian2
respawn hacluster /usr/lib/heartbeat/ipfail
apiauth ipfail gid=haclient uid=hacluster

"""#

    /// examples/heartbeat/haresources.
    static let haresources = #"""
debian1      \
        ldirectord::ldirectord.cf \
        LVSSyncDaemonSwap::master \
        IPaddr2::192.168.0.105/24/eth0/192.168.0.255

"""#

    /// examples/heartbeat/authkeys.
    static let authkeys = #"""
auth 3
3 md5 ultramonkey

"""#
}

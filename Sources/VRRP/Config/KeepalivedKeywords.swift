/// What `racimo vrrp` does with a keyword keepalived knows but Racimo does not implement.
///
/// The rule: Racimo either does what keepalived would do, or refuses. A keyword whose absence
/// changes which node holds the addresses, what goes on the wire, or what is authenticated is
/// `refused` (an error). One whose absence changes only side matters (e-mail, SNMP, process
/// scheduling, logging) is `ignored` (a warning). Keywords of keepalived's other daemons (LVS,
/// BFD, static addresses) are `otherPart` (a note).
///
/// The same rule decides the reader's other messages: where keepalived silently drops what the
/// user wrote because it is malformed (a misspelt keyword close to a supported one, a value out
/// of range, a track_script naming a missing or later script, an unquoted script command), it
/// is an error; where keepalived applies a documented override (advert_int rounding, auth_pass
/// truncation, nopreempt cleared for MASTER, weights ignored in sync groups), Racimo does the
/// same and warns.
enum KeywordTreatment: Sendable, Equatable {
    case ignored(hint: String?)
    case refused(hint: String)
    case otherPart(hint: String?)
}

/// The keywords valid in one kind of block.
struct KeywordTable: Sendable {
    /// Keywords this reader implements, most common first (suggestion ties go to the earlier).
    let supported: [String]
    /// Every other keyword keepalived accepts here, in keepalived's order, with its treatment.
    let others: [(String, KeywordTreatment)]

    func treatment(of keyword: String) -> KeywordTreatment? {
        others.first { $0.0 == keyword }?.1
    }

    /// All keywords, supported ones first, for "did you mean".
    var all: [String] { supported + others.map(\.0) }
}

/// Keyword lists from keepalived's parsers at commit 9cbce3e2117f: `init_vrrp_keywords()` in
/// `keepalived/vrrp/vrrp_parser.c` l.2280-2462, `init_global_keywords()` in
/// `keepalived/core/global_parser.c` l.2605-2828, and the root keywords of `check_parser.c`,
/// `bfd_parser.c` and `trackers/track_file.c`.
enum KeepalivedKeywords {
    static let includeKeywords: Set<String> = ["include", "includer", "includem", "includew", "includeb", "includea"]

    private static let email = "racimo vrrp sends no e-mail: use notify scripts"
    private static let scheduling = "set process scheduling in the service unit instead"
    private static let firewall = "racimo vrrp installs no firewall rules"
    private static let fifo = "use notify scripts instead"
    private static let snmp = "racimo exports its state as metrics instead"
    private static let strict = "it changes defaults and refuses authentication, unicast and preempt_delay; remove it"
    private static let downTimer = "racimo vrrp declares a master down after 3 missed adverts plus the skew time, as RFC 5798 says; remove it"
    private static let mcastGroup = "racimo vrrp sends adverts to 224.0.0.18 or ff02::12; peers listening elsewhere would not hear it"
    private static let vmac = "racimo vrrp keeps the interface's own MAC address and moves the addresses with gratuitous ARP; remove it"
    private static let otherTracker = "racimo vrrp tracks scripts and interfaces only; check it with a vrrp_script"
    private static let lvs: String? = nil

    static let topLevel = KeywordTable(
        supported: ["vrrp_instance", "vrrp_script", "vrrp_sync_group", "global_defs"] + includeKeywords.sorted(),
        others: [
            ("net_namespace", .refused(hint: "start racimo vrrp inside the namespace instead: ip netns exec NAME racimo vrrp ...")),
            ("net_namespace_ipvs", .otherPart(hint: nil)),
            ("namespace_with_ipsets", .ignored(hint: nil)),
            ("use_pid_dir", .ignored(hint: nil)),
            ("instance", .ignored(hint: nil)),
            ("child_wait_time", .ignored(hint: nil)),
            ("linkbeat_use_polling", .ignored(hint: nil)),
            ("track_group", .otherPart(hint: nil)),
            ("static_ipaddress", .otherPart(hint: "configure fixed addresses in the system's network configuration")),
            ("static_routes", .otherPart(hint: "configure fixed routes in the system's network configuration")),
            ("static_rules", .otherPart(hint: "configure fixed rules in the system's network configuration")),
            ("garp_group", .ignored(hint: "racimo vrrp sends gratuitous ARPs on the instance's interfaces only")),
            ("linkbeat_interfaces", .ignored(hint: nil)),
            ("vrrp_track_process", .ignored(hint: "only track_process uses it, which racimo vrrp refuses")),
            ("track_file", .ignored(hint: "only track_file uses it, which racimo vrrp refuses")),
            ("vrrp_track_file", .ignored(hint: "only track_file uses it, which racimo vrrp refuses")),
            ("interface_up_down_delays", .ignored(hint: nil)),
            ("virtual_server_group", .otherPart(hint: lvs)),
            ("virtual_server", .otherPart(hint: lvs)),
            ("SSL", .otherPart(hint: nil)),
            ("bfd_instance", .otherPart(hint: nil)),
        ])

    static let globalDefs = KeywordTable(
        supported: [
            "router_id", "script_user", "enable_script_security", "vrrp_version",
            "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh",
            "vrrp_garp_master_refresh_repeat", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_min_garp",
            "v3_checksum_as_v2", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert",
        ],
        others: [
            ("process_names", .ignored(hint: nil)), ("process_name", .ignored(hint: nil)),
            ("vrrp_process_name", .ignored(hint: nil)), ("checker_process_name", .otherPart(hint: nil)),
            ("lvs_process_name", .otherPart(hint: nil)), ("bfd_process_name", .otherPart(hint: nil)),
            ("use_symlink_paths", .ignored(hint: nil)), ("set_supplementary_groups", .ignored(hint: nil)),
            ("notification_email_from", .ignored(hint: email)), ("smtp_server", .ignored(hint: email)),
            ("smtp_helo_name", .ignored(hint: email)), ("smtp_connect_timeout", .ignored(hint: email)),
            ("notification_email", .ignored(hint: email)), ("smtp_alert", .ignored(hint: email)),
            ("startup_script", .refused(hint: "racimo vrrp does not run it; run it from the service unit (ExecStartPre=)")),
            ("startup_script_timeout", .ignored(hint: nil)),
            ("shutdown_script", .refused(hint: "racimo vrrp does not run it; run it from the service unit (ExecStopPost=)")),
            ("shutdown_script_timeout", .ignored(hint: nil)),
            ("max_auto_priority", .ignored(hint: scheduling)), ("min_auto_priority_delay", .ignored(hint: scheduling)),
            ("smtp_alert_vrrp", .ignored(hint: email)), ("smtp_alert_checker", .otherPart(hint: nil)),
            ("checker_log_all_failures", .otherPart(hint: nil)), ("dynamic_interfaces", .ignored(hint: nil)),
            ("no_email_faults", .ignored(hint: email)), ("default_interface", .ignored(hint: nil)),
            ("disable_local_igmp", .ignored(hint: nil)),
            ("lvs_timeouts", .otherPart(hint: nil)), ("lvs_flush", .otherPart(hint: nil)),
            ("lvs_flush_on_stop", .otherPart(hint: nil)), ("lvs_flush_onstop", .otherPart(hint: nil)),
            ("lvs_sync_daemon", .otherPart(hint: nil)),
            ("vrrp_mcast_group4", .refused(hint: mcastGroup)), ("vrrp_mcast_group6", .refused(hint: mcastGroup)),
            ("vrrp_garp_lower_prio_delay", .ignored(hint: nil)), ("vrrp_garp_lower_prio_repeat", .ignored(hint: nil)),
            ("vrrp_down_timer_adverts", .refused(hint: downTimer)),
            ("vrrp_garp_extra_if", .ignored(hint: nil)), ("vrrp_vmac_garp_intvl", .ignored(hint: nil)),
            ("vrrp_iptables", .ignored(hint: firewall)), ("vrrp_ipsets", .ignored(hint: firewall)),
            ("nftables", .ignored(hint: firewall)), ("nftables_priority", .ignored(hint: firewall)),
            ("nftables_ifindex", .ignored(hint: firewall)),
            ("vrrp_check_unicast_src", .ignored(hint: nil)), ("vrrp_skip_check_adv_addr", .ignored(hint: nil)),
            ("vrrp_strict", .refused(hint: strict)),
            ("vrrp_priority", .ignored(hint: scheduling)), ("vrrp_no_swap", .ignored(hint: scheduling)),
            ("vrrp_rt_priority", .ignored(hint: scheduling)), ("vrrp_cpu_affinity", .ignored(hint: scheduling)),
            ("vrrp_rlimit_rttime", .ignored(hint: scheduling)), ("vrrp_rlimit_rtime", .ignored(hint: scheduling)),
            ("nftables_ipvs", .otherPart(hint: nil)), ("nftables_ipvs_priority", .otherPart(hint: nil)),
            ("nftables_ipvs_start_fwmark", .otherPart(hint: nil)), ("nftables_counters", .ignored(hint: firewall)),
            ("notify_fifo", .ignored(hint: fifo)), ("notify_fifo_script", .ignored(hint: fifo)),
            ("vrrp_notify_fifo", .ignored(hint: fifo)), ("vrrp_notify_fifo_script", .ignored(hint: fifo)),
            ("vrrp_notify_priority_changes", .ignored(hint: fifo)),
            ("fifo_write_vrrp_states_on_reload", .ignored(hint: fifo)),
            ("lvs_notify_fifo", .otherPart(hint: nil)), ("lvs_notify_fifo_script", .otherPart(hint: nil)),
            ("checker_priority", .otherPart(hint: nil)), ("checker_no_swap", .otherPart(hint: nil)),
            ("checker_rt_priority", .otherPart(hint: nil)), ("checker_cpu_affinity", .otherPart(hint: nil)),
            ("checker_rlimit_rttime", .otherPart(hint: nil)), ("checker_rlimit_rtime", .otherPart(hint: nil)),
            ("bfd_priority", .otherPart(hint: nil)), ("bfd_no_swap", .otherPart(hint: nil)),
            ("bfd_rt_priority", .otherPart(hint: nil)), ("bfd_cpu_affinity", .otherPart(hint: nil)),
            ("bfd_rlimit_rttime", .otherPart(hint: nil)), ("bfd_rlimit_rtime", .otherPart(hint: nil)),
            ("snmp_socket", .ignored(hint: snmp)), ("enable_traps", .ignored(hint: snmp)),
            ("enable_snmp_vrrp", .ignored(hint: snmp)), ("enable_snmp_keepalived", .ignored(hint: snmp)),
            ("enable_snmp_rfc", .ignored(hint: snmp)), ("enable_snmp_rfcv2", .ignored(hint: snmp)),
            ("enable_snmp_rfcv3", .ignored(hint: snmp)), ("enable_snmp_checker", .otherPart(hint: nil)),
            ("snmp_vs_stats_update_interval", .otherPart(hint: nil)),
            ("snmp_rs_stats_update_interval", .otherPart(hint: nil)),
            ("enable_dbus", .ignored(hint: nil)), ("dbus_service_name", .ignored(hint: nil)),
            ("dbus_no_interface_name", .ignored(hint: nil)),
            ("vrrp_netlink_cmd_rcv_bufs", .ignored(hint: nil)), ("vrrp_netlink_cmd_rcv_bufs_force", .ignored(hint: nil)),
            ("vrrp_netlink_monitor_rcv_bufs", .ignored(hint: nil)),
            ("vrrp_netlink_monitor_rcv_bufs_force", .ignored(hint: nil)),
            ("process_monitor_rcv_bufs", .ignored(hint: nil)), ("process_monitor_rcv_bufs_force", .ignored(hint: nil)),
            ("lvs_netlink_cmd_rcv_bufs", .otherPart(hint: nil)), ("lvs_netlink_cmd_rcv_bufs_force", .otherPart(hint: nil)),
            ("lvs_netlink_monitor_rcv_bufs", .otherPart(hint: nil)),
            ("lvs_netlink_monitor_rcv_bufs_force", .otherPart(hint: nil)),
            ("rs_init_notifies", .otherPart(hint: nil)), ("no_checker_emails", .otherPart(hint: nil)),
            ("vrrp_rx_bufs_policy", .ignored(hint: nil)), ("vrrp_rx_bufs_multiplier", .ignored(hint: nil)),
            ("vrrp_startup_delay", .ignored(hint: "delay the start in the service unit instead")),
            ("vrrp_delay_after_boot", .ignored(hint: "delay the start in the service unit instead")),
            ("log_unknown_vrids", .ignored(hint: nil)), ("vrrp_owner_ignore_adverts", .ignored(hint: nil)),
            ("vmac_prefix", .ignored(hint: nil)), ("vmac_addr_prefix", .ignored(hint: nil)),
            ("umask", .ignored(hint: nil)), ("random_seed", .ignored(hint: nil)),
            ("reload_check_config", .ignored(hint: nil)), ("reload_time_file", .ignored(hint: nil)),
            ("reload_repeat", .ignored(hint: nil)), ("reload_file", .ignored(hint: nil)),
            ("include_check", .ignored(hint: nil)), ("config_save_dir", .ignored(hint: nil)),
            ("tmp_config_directory", .ignored(hint: nil)), ("data_use_instance", .ignored(hint: nil)),
            ("json_version", .ignored(hint: nil)), ("iproute_usr_dir", .ignored(hint: nil)),
            ("iproute_etc_dir", .ignored(hint: nil)), ("state_dump_file", .ignored(hint: nil)),
            ("stats_dump_file", .ignored(hint: nil)), ("json_dump_file", .ignored(hint: nil)),
        ])

    static let instance = KeywordTable(
        supported: [
            "state", "interface", "virtual_router_id", "priority", "advert_int", "virtual_ipaddress",
            "track_script", "track_interface", "authentication", "nopreempt", "preempt_delay", "preempt",
            "version", "unicast_src_ip", "unicast_peer", "mcast_src_ip",
            "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify",
            "dont_track_primary", "no_virtual_ipaddress",
            "garp_master_delay", "garp_master_repeat", "garp_master_refresh", "garp_master_refresh_repeat",
            "lower_prio_no_advert", "higher_prio_send_advert", "v3_checksum_as_v2", "accept",
        ],
        others: [
            ("use_vmac", .refused(hint: vmac)), ("use_vmac_addr", .refused(hint: vmac)),
            ("vmac_xmit_base", .refused(hint: vmac)), ("use_ipvlan", .refused(hint: vmac)),
            ("unicast_fault_no_peer", .ignored(hint: nil)), ("check_unicast_src", .ignored(hint: nil)),
            ("old_unicast_checksum", .refused(hint: "racimo vrrp computes checksums as keepalived 1.3.6 and later do; remove it once no peer runs an older keepalived")),
            ("native_ipv6", .ignored(hint: nil)),
            ("vrf", .refused(hint: "start racimo vrrp in the VRF instead: ip vrf exec NAME racimo vrrp ...")),
            ("track_file", .refused(hint: otherTracker)), ("track_process", .refused(hint: otherTracker)),
            ("track_bfd", .refused(hint: otherTracker)),
            ("mcast_dst_ip", .refused(hint: mcastGroup)),
            ("track_src_ip", .ignored(hint: nil)), ("unicast_ttl", .ignored(hint: nil)),
            ("virtual_ipaddress_excluded", .refused(hint: "racimo vrrp would not add these addresses; move them into virtual_ipaddress")),
            ("promote_secondaries", .ignored(hint: nil)), ("linkbeat_use_polling", .ignored(hint: nil)),
            ("virtual_routes", .refused(hint: "racimo vrrp would not add them; add them from a notify_master script")),
            ("virtual_rules", .refused(hint: "racimo vrrp would not add them; add them from a notify_master script")),
            ("no_accept", .refused(hint: "racimo vrrp always accepts traffic to the addresses it holds; filter it with the firewall instead")),
            ("skip_check_adv_addr", .ignored(hint: nil)),
            ("strict_mode", .refused(hint: strict)),
            ("debug", .ignored(hint: nil)),
            ("notify_deleted", .ignored(hint: "use notify_stop")),
            ("notify_master_rx_lower_pri", .ignored(hint: nil)),
            ("smtp_alert", .ignored(hint: email)), ("notify_priority_changes", .ignored(hint: nil)),
            ("lvs_sync_daemon_interface", .ignored(hint: nil)),
            ("garp_lower_prio_delay", .ignored(hint: nil)), ("garp_lower_prio_repeat", .ignored(hint: nil)),
            ("down_timer_adverts", .refused(hint: downTimer)),
            ("timer_expired_backup", .ignored(hint: nil)), ("thread_timer_expired", .ignored(hint: nil)),
            ("garp_extra_if", .ignored(hint: nil)), ("vmac_garp_intvl", .ignored(hint: nil)),
            ("owner_ignore_adverts", .ignored(hint: nil)), ("kernel_rx_buf_size", .ignored(hint: nil)),
            ("auth_hmac", .refused(hint: "racimo vrrp cannot check it; use authentication with auth_type PASS, or none")),
        ])

    static let authentication = KeywordTable(supported: ["auth_type", "auth_pass"], others: [])

    static let script = KeywordTable(
        supported: ["script", "interval", "weight", "timeout", "rise", "fall", "user", "init_fail"],
        others: [])

    static let syncGroup = KeywordTable(
        supported: [
            "group", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify",
            "track_script", "track_interface", "sync_group_tracking_weight", "global_tracking",
        ],
        others: [
            ("track_file", .refused(hint: otherTracker)), ("track_process", .refused(hint: otherTracker)),
            ("track_bfd", .refused(hint: otherTracker)),
            ("smtp_alert", .ignored(hint: email)), ("notify_priority_changes", .ignored(hint: nil)),
        ])
}

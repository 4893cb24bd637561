import VRRP

/// VRRP advertisements sent by a real keepalived, byte for byte: each constant is one whole IP
/// packet (IPv4 header, or IPv6 header, then the VRRP message), laid out header line, message line.
///
/// Made by `scripts/capture/keepalived-adverts` on Debian 12 (kernel 6.18) with Debian's
/// keepalived 2.2.7 (package 1:2.2.7-1+b2), except `v3ChecksumAsV2`, which 2.2.7 cannot make
/// ("Unknown keyword 'v3_checksum_as_v2'"): that one is from upstream v2.2.8 built from source
/// (`./configure --disable-snmp --disable-dbus`) and run with `KEEPALIVED=…/sbin/keepalived`.
/// Each scenario's config is one `vrrp_instance` with `interface vrrpcap-ka0` and the lines
/// quoted below, run as
///
/// ```
/// ip netns exec vrrpcap-ka keepalived -n -l -D -P -f <scenario>.conf -p <pid> -r <vrrp pid>
/// ip netns exec vrrpcap-cap tcpdump -i vrrpcap-cap0 -U -n -w <scenario>.pcap 'ip proto 112 or ip6 proto 112'
/// tcpdump -r <scenario>.pcap -n -x      # the hex below
/// ```
///
/// for 10 s, then stopped with SIGTERM. keepalived's side of the veth is 10.213.200.1,
/// fd00:213:200::1 and MAC 02:00:0a:d5:c8:01 (so link-local fe80::aff:fed5:c801); the capture
/// side, also the unicast peer, is 10.213.200.2.
///
/// What keepalived puts in the IPv4 header: TOS 0xc0, an identification counting 1, 2, 3… per
/// instance, no DF, TTL 255; for IPv6 the kernel sets traffic class 0xc0 and hop limit 255.
enum KeepalivedCaptures {
    /// v2, password authentication, one VIP; the first advert as master.
    ///
    /// `state MASTER`, `virtual_router_id 21`, `priority 150`, `advert_int 1`,
    /// `authentication { auth_type PASS; auth_pass secret12 }`,
    /// `virtual_ipaddress { 10.213.200.100/24 }` (scenario `v2-pass`).
    static let v2Password = hexBytes("""
        45c00028 00010000 ff7007bc 0ad5c801 e0000012
        21159601 01010730 0ad5c864 73656372 65743132
        """)

    /// The same instance's last advert, sent on SIGTERM with priority 0 ("master is stopping").
    static let v2PasswordStopping = hexBytes("""
        45c00028 00080000 ff7007b5 0ad5c801 e0000012
        21150001 01019d30 0ad5c864 73656372 65743132
        """)

    /// v2 without authentication: Auth Type 0 and 8 zero bytes of Authentication Data.
    ///
    /// `state MASTER`, `virtual_router_id 22`, `priority 100`, `advert_int 2`,
    /// `virtual_ipaddress { 10.213.200.101/24 }` (scenario `v2-none`).
    static let v2NoAuthentication = hexBytes("""
        45c00028 00010000 ff7007bc 0ad5c801 e0000012
        21166401 0002a7ab 0ad5c865 00000000 00000000
        """)

    /// v2 with two VIPs and an 11-character password, of which keepalived sends the first 8
    /// ("longerth") after warning "Truncating auth_pass to 8 characters".
    ///
    /// `state MASTER`, `virtual_router_id 23`, `priority 90`, `advert_int 1`,
    /// `authentication { auth_type PASS; auth_pass longerthan8 }`,
    /// `virtual_ipaddress { 10.213.200.120/24; 10.213.200.121/24 }` (scenario `v2-two-vips-pass`).
    static let v2TwoAddressesLongPassword = hexBytes("""
        45c0002c 00010000 ff7007b8 0ad5c801 e0000012
        21175a02 01012897 0ad5c878 0ad5c879 6c6f6e67 65727468
        """)

    /// v3 over IPv4 multicast at 100 ms (Max Adver Int 10 cs); checksum with keepalived's
    /// default IPv4 pseudo-header.
    ///
    /// `state MASTER`, `version 3`, `virtual_router_id 31`, `priority 200`, `advert_int 0.1`,
    /// `virtual_ipaddress { 10.213.200.102/24 }` (scenario `v3-multicast`; keepalived 2.2.8 sends
    /// the same bytes).
    static let v3Multicast = hexBytes("""
        45c00020 00010000 ff7007c4 0ad5c801 e0000012
        311fc801 000a8033 0ad5c866
        """)

    /// The same instance's priority-0 advert on SIGTERM (the 97th packet).
    static let v3MulticastStopping = hexBytes("""
        45c00020 00610000 ff700764 0ad5c801 e0000012
        311f0001 000a4834 0ad5c866
        """)

    /// v3 unicast to a peer: the pseudo-header holds the peer's address, not 224.0.0.18.
    ///
    /// `state MASTER`, `version 3`, `virtual_router_id 32`, `priority 120`, `advert_int 1`,
    /// `unicast_src_ip 10.213.200.1`, `unicast_peer { 10.213.200.2 }`,
    /// `virtual_ipaddress { 10.213.200.103/24 }` (scenario `v3-unicast`).
    static let v3Unicast = hexBytes("""
        45c00020 00010000 ff7014ff 0ad5c801 0ad5c802
        31207801 0064dd12 0ad5c867
        """)

    /// v3 over IPv4 with `v3_checksum_as_v2`: no pseudo-header in the checksum. keepalived
    /// 2.2.8 built from source; 2.2.7 does not know the keyword.
    ///
    /// `state MASTER`, `version 3`, `virtual_router_id 33`, `priority 110`, `advert_int 1`,
    /// `v3_checksum_as_v2`, `virtual_ipaddress { 10.213.200.104/24 }` (scenario `v3-checksum-as-v2`).
    static let v3ChecksumAsV2 = hexBytes("""
        45c00020 00010000 ff7007c4 0ad5c801 e0000012
        31216e01 00648d3b 0ad5c868
        """)

    /// v3 with three VIPs and a 1.5 s interval (150 cs), priority 254.
    ///
    /// `state MASTER`, `version 3`, `virtual_router_id 34`, `priority 254`, `advert_int 1.5`,
    /// `virtual_ipaddress { 10.213.200.110/24; 10.213.200.111/24; 10.213.200.112/24 }`
    /// (scenario `v3-three-vips`).
    static let v3ThreeAddresses = hexBytes("""
        45c00028 00010000 ff7007bc 0ad5c801 e0000012
        3122fe03 0096a307 0ad5c86e 0ad5c86f 0ad5c870
        """)

    /// v3 over IPv6 from the link-local address to ff02::12; the kernel wrote the checksum
    /// (RFC 2460 pseudo-header) through IPV6_CHECKSUM.
    ///
    /// `state MASTER`, `version 3`, `virtual_router_id 61`, `priority 100`, `advert_int 1`,
    /// `virtual_ipaddress { fd00:213:200::100/64 }` (scenario `v3-ipv6`).
    static let v3IPv6 = hexBytes("""
        6c00af7c 001870ff fe800000 00000000 00000aff fed5c801 ff020000 00000000 00000000 00000012
        313d6401 00649854 fd000213 02000000 00000000 00000100
        """)

    /// The same instance's priority-0 advert on SIGTERM.
    static let v3IPv6Stopping = hexBytes("""
        6c00af7c 001870ff fe800000 00000000 00000aff fed5c801 ff020000 00000000 00000000 00000012
        313d0001 0064fc54 fd000213 02000000 00000000 00000100
        """)

    /// v3 over IPv6 with two VIPs.
    ///
    /// `state MASTER`, `version 3`, `virtual_router_id 62`, `priority 100`, `advert_int 1`,
    /// `virtual_ipaddress { fd00:213:200::110/64; fd00:213:200::111/64 }` (scenario `v3-ipv6-two-vips`).
    static let v3IPv6TwoAddresses = hexBytes("""
        6c00af7c 002870ff fe800000 00000000 00000aff fed5c801 ff020000 00000000 00000000 00000012
        313e6402 0064960d fd000213 02000000 00000000 00000110 fd000213 02000000 00000000 00000111
        """)

    /// Every IPv4 capture, with the checksum rule it was made under.
    static let ipv4: [(name: String, packet: [UInt8], rule: ChecksumRule)] = [
        ("v2Password", v2Password, .pseudoHeader),
        ("v2PasswordStopping", v2PasswordStopping, .pseudoHeader),
        ("v2NoAuthentication", v2NoAuthentication, .pseudoHeader),
        ("v2TwoAddressesLongPassword", v2TwoAddressesLongPassword, .pseudoHeader),
        ("v3Multicast", v3Multicast, .pseudoHeader),
        ("v3MulticastStopping", v3MulticastStopping, .pseudoHeader),
        ("v3Unicast", v3Unicast, .pseudoHeader),
        ("v3ChecksumAsV2", v3ChecksumAsV2, .asVersion2),
        ("v3ThreeAddresses", v3ThreeAddresses, .pseudoHeader),
    ]

    /// Every IPv6 capture (whole packets; the codec gets the payload and the header's fields).
    static let ipv6: [(name: String, packet: [UInt8])] = [
        ("v3IPv6", v3IPv6), ("v3IPv6Stopping", v3IPv6Stopping), ("v3IPv6TwoAddresses", v3IPv6TwoAddresses),
    ]
}

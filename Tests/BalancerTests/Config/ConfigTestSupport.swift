import Balancer
import RacimoCore

func ldirectord(_ text: String, file: String = "ldirectord.cf")
    -> (configuration: LdirectordConfiguration?, diagnostics: [String])
{
    let (c, d) = LdirectordConfiguration.parse(text, file: file)
    return (c, d.all.map(\.description))
}

typealias KA = KeepalivedVirtualServers

/// keepalived.conf's virtual_server blocks, read as `racimo balancer` reads them.
func virtualServers(_ text: String, file: String = "keepalived.conf")
    -> (configuration: KeepalivedVirtualServers?, diagnostics: Diagnostics)
{
    KeepalivedVirtualServers.parse(text, file: file)
}

func virtualServerErrors(_ text: String) -> [String] {
    virtualServers(text).diagnostics.errors.map(\.description)
}

func haproxy(_ text: String, file: String = "haproxy.cfg")
    -> (configuration: HAProxyConfiguration?, diagnostics: [String])
{
    let (c, d) = HAProxyConfiguration.parse(text, file: file)
    return (c, d.all.map(\.description))
}

enum Seeds {
    static let ldirectordCf = """
        checktimeout=10
        checkinterval=2
        autoreload=no
        logfile="local0"
        quiescent=yes
        virtual=192.168.0.105:80
                real=192.168.0.101:80 gate
                real=192.168.0.102:80 gate
                fallback=127.0.0.1:80 gate
                service=http
                request="ldirector.html"
                receive="Pagina de Prueba"
                scheduler=rr
                protocol=tcp
                checktype=negotiate

        """

    static let haproxyCfg = """
        global
            log /dev/log      local0
            log /dev/log      local1 notice
            chroot /var/lib/haproxy
            stats socket /run/haproxy/admin.sock mode 660 level admin
            stats timeout 30s
            user haproxy
            group haproxy
            daemon

            # Default SSL material locations
            ca-base /etc/ssl/certs
            crt-base /etc/ssl/private

            # Default ciphers to use on SSL-enabled listening sockets.
            # For more information, see ciphers(1SSL). This list is from:
            # https://hynek.me/articles/hardening-your-web-servers-ssl-ciphers/
            ssl-default-bind-ciphers ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+3DES:DH+3DES:RSA+AESGCM:RSA+AES:RSA+3DES:!aNULL:!MD5:!DSS
            ssl-default-bind-options no-sslV3

        defaults
            log global
            mode http
            option httplog
            option dontlognull
                timeout connect 5000
                timeout client 50000
                timeout server 50000
            errorfile 400 /etc/haproxy/errors/400.http
            errorfile 403 /etc/haproxy/errors/403.http
            errorfile 408 /etc/haproxy/errors/408.http
            errorfile 500 /etc/haproxy/errors/500.http
            errorfile 502 /etc/haproxy/errors/502.http
            errorfile 503 /etc/haproxy/errors/503.http
            errorfile 504 /etc/haproxy/errors/504.http

        frontend sshfarm 192.168.1.200:2000
            mode tcp
            option tcplog
            default_backend serverfarm

        backend serverfarm
            mode tcp
            balance roundrobin
            option tcp-check
            server webA 10.0.100.2:22 check
            server webB 10.0.100.3:22 check
            server webC 10.0.100.4:22 check
            server webD 10.0.100.5:22 check

        listen stats 0.0.0.0:9000
            mode http
            stats show-desc Master1
            stats refresh 5s
            stats uri /haproxy?stats
            stats realm HAProxy\\ Statistics
            stats auth admin:admin
            stats admin if TRUE
        """
}

#!/usr/bin/env python3
"""Open COUNT idle TCP connections to HOST:PORT and hold them until SIGTERM.

    idle-connections.py HOST PORT COUNT

Helper of scripts/bench/balancer.sh (the RSS-with-idle-clients figure). Prints
`ready N` on stdout once N connections are established (nothing is ever sent on
them), then holds them until SIGTERM or SIGINT and closes them. Exits 1 if
fewer than COUNT connections could be opened, printing why on stderr.
"""
import resource
import signal
import socket
import sys
import time


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = count + 64
    if soft < want:
        target = want if hard == resource.RLIM_INFINITY else min(max(want, soft), hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as err:
            print(f"idle-connections: cannot raise RLIMIT_NOFILE to {target}: {err}", file=sys.stderr)
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if soft < want:
            print(f"idle-connections: RLIMIT_NOFILE is {soft}, need {want}", file=sys.stderr)
            return 1

    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(1))
    socks = []
    deadline = time.monotonic() + 60
    while len(socks) < count:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect((host, port))
        except OSError as err:
            s.close()
            if time.monotonic() > deadline:
                print(f"idle-connections: only {len(socks)} of {count} connections opened: {err}",
                      file=sys.stderr)
                return 1
            time.sleep(0.05)
            continue
        s.setblocking(False)
        socks.append(s)

    print(f"ready {len(socks)}", flush=True)
    while not stop:  # hold, idle, until the caller signals us
        signal.pause()
    for s in socks:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Write backends.vcl for deploy/varnish/default.vcl from the environment; stdlib only.

    VARNISH_BACKENDS   app nodes, comma-separated host:port (default 127.0.0.1:8000)
    VARNISH_PURGERS    addresses (or CIDR ranges) allowed to PURGE: the app nodes (default 127.0.0.1,::1)
    VARNISH_PROBE_INTERVAL  seconds between health probes of each node (default 2)

    python3 deploy/varnish/backends_vcl.py > /etc/varnish/backends.vcl

Bad input exits non-zero with one line on stderr, writing nothing.
"""

import ipaddress
import os
import sys

PROBE = """probe healthz {{
    .request = "GET /healthz HTTP/1.1" "Host: localhost" "Connection: close";
    .interval = {interval}s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}
"""
BACKEND = """backend node{number} {{
    .host = "{host}";
    .port = "{port}";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}}
"""


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def backend_address(value):
    host, separator, port = value.rpartition(":")
    host = host.strip("[]")
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"VARNISH_BACKENDS: {value!r} is not host:port")
    return host, int(port)


def acl_entry(value):
    network = ipaddress.ip_network(value, strict=False)  # raises ValueError on anything else
    if network.num_addresses == 1:
        return f'    "{network.network_address}";'
    return f'    "{network.network_address}"/{network.prefixlen};'


def backends_vcl(environ_backends, purgers, interval):
    if not environ_backends:
        raise ValueError("VARNISH_BACKENDS names no app node")
    addresses = [backend_address(value) for value in environ_backends]
    entries = [acl_entry(value) for value in purgers]
    parts = ["# Written by deploy/varnish/backends_vcl.py from the environment; do not edit.\n"]
    parts.append(PROBE.format(interval=interval))
    for number, (host, port) in enumerate(addresses, start=1):
        parts.append(BACKEND.format(number=number, host=host, port=port))
    parts.append("acl purgers {\n" + "\n".join(entries) + "\n}\n")
    adds = "".join(f"    app.add_backend(node{number});\n" for number in range(1, len(addresses) + 1))
    parts.append("sub vcl_init {\n    new app = directors.round_robin();\n" + adds + "}\n")
    return "\n".join(parts)


def main():
    try:
        interval = os.environ.get("VARNISH_PROBE_INTERVAL", "2")
        if not interval.isdigit() or int(interval) < 1:
            raise ValueError(f"VARNISH_PROBE_INTERVAL: {interval!r} is not a whole number of seconds")
        backends = env_list("VARNISH_BACKENDS", "127.0.0.1:8000")
        vcl = backends_vcl(backends, env_list("VARNISH_PURGERS", "127.0.0.1,::1"), interval)
    except ValueError as error:
        print(f"backends_vcl: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(vcl)
    return 0


if __name__ == "__main__":
    sys.exit(main())

vcl 4.1;
# Varnish in front of the clinic blog's app nodes (docs/deployment.md, "Varnish").
#
# Caches what the app marks public with s-maxage, for anonymous readers only; every object carries the
# app's surrogate keys (xkey header), and the app purges by key on every change (PURGE with an xkey
# header, from the purgers ACL only). A purge removes the objects outright (xkey.purge, not softpurge),
# so grace never serves a purged page. Stale objects are served only while every app node is sick.
#
# The backends, their director, the probe and the purgers ACL come from the environment at start:
# deploy/varnish/backends_vcl.py writes backends.vcl, found through varnishd's vcl_path.

import directors;
import std;
import xkey;

include "backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "PURGE needs an xkey header"));
        }
        set req.http.purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin and its previews, documents (Wagtail's serve view checks who may read each one).
    if (req.url ~ "^/admin(/|\?|$)" || req.url ~ "^/documents/") {
        return (pass);
    }
    # Signed-in staff, and whoever unlocked a private page, have a session; staff have a CSRF token.
    if (req.http.Cookie ~ "(^|;)\s*(sessionid|csrftoken)=" || req.http.Authorization) {
        return (pass);
    }
    # Anonymous readers' pages vary by no cookie: drop them all, so every reader shares one object.
    unset req.http.Cookie;

    # Where a reader came from, not what they asked for: the same list as the app's
    # PAGE_CACHE_MARKETING_QUERY_PARAMS (tests/test_varnish.py checks they are equal).
    set req.url = regsuball(req.url, "(?i)(?<=[?&])(?:utm_[^&=]*|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|ref)(?:=[^&]*)?(?:&|$)", "");
    set req.url = regsub(req.url, "[?&]$", "");

    # Stale objects only while no app node can answer.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_hash {
    # Behind the TLS terminator the app answers plain-HTTP requests with a redirect to HTTPS: keep the
    # two apart.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the app says a shared cache may keep (it always says so); nothing by Varnish's default
    # TTL, such as the HTTPS redirect, made before the app's caching rules apply. What the app would not
    # keep either is remembered for two minutes as such, to go straight to the app.
    if (!beresp.http.Cache-Control || beresp.http.Set-Cookie
            || beresp.http.Cache-Control ~ "(?i)private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # How long a page may be served stale while every app node is sick.
    set beresp.grace = 5m;
}

sub vcl_deliver {
    # The keys are for this cache only.
    unset resp.http.xkey;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

#!/usr/bin/env python3
"""Builds the seed corpora of PolicyFuzz's targets from the recorded fixtures (never committed).

Sources: Tests/**/Fixtures, ../shared/conformance/cases (their request and rawBody), ../shared/bench/*.json,
examples/. Usage: seed-corpus.py OUT_DIR [SHARED_DIR]. Each target gets OUT_DIR/<target>/ with one file per seed.
"""
import hashlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = pathlib.Path(sys.argv[1])
SHARED = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared"
TARGETS = ["http-parser", "admission", "json", "selector", "regex", "watch", "yaml"]
MAX_SEED = 64 * 1024


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_SEED:
        return
    name = hashlib.sha1(data).hexdigest()
    (OUT / target / name).write_bytes(data)


def review_bodies():
    """AdmissionReview bodies (bytes) from every source."""
    files = sorted(ROOT.glob("Tests/**/Fixtures/**/*.json")) + sorted((ROOT / "examples").rglob("*.json"))
    files += sorted(SHARED.glob("bench/*.json"))
    for path in files:
        yield path.read_bytes()
    for path in sorted(SHARED.glob("conformance/cases/**/*.json")):
        try:
            case = json.loads(path.read_text())
        except ValueError:
            continue
        if "request" in case:
            yield json.dumps(case["request"], indent=1).encode()
        if "rawBody" in case:
            yield case["rawBody"].encode()
        for item in case.get("inventory") or []:
            yield json.dumps(item).encode()


def objects(body):
    """The Kubernetes objects inside a review body."""
    try:
        doc = json.loads(body)
    except ValueError:
        return []
    request = doc.get("request") if isinstance(doc, dict) else None
    found = []
    if isinstance(request, dict):
        for key in ("object", "oldObject"):
            if isinstance(request.get(key), dict):
                found.append(request[key])
    elif isinstance(doc, dict) and "kind" in doc:
        found.append(doc)
    return found


def selectors(value):
    """Every podSelector/selector-like object nested in value."""
    if isinstance(value, dict):
        if "matchLabels" in value or "matchExpressions" in value:
            yield value
        for child in value.values():
            yield from selectors(child)
    elif isinstance(value, list):
        for child in value:
            yield from selectors(child)


def regexes(value):
    """Every route match value whose type is RegularExpression nested in value."""
    if isinstance(value, dict):
        if value.get("type") == "RegularExpression" and isinstance(value.get("value"), str):
            yield value["value"]
        for child in value.values():
            yield from regexes(child)
    elif isinstance(value, list):
        for child in value:
            yield from regexes(child)


def strings(value):
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings(child)
    elif isinstance(value, str):
        yield value


def chunked(body, size=300):
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def main():
    for target in TARGETS:
        (OUT / target).mkdir(parents=True, exist_ok=True)
    bodies = list(review_bodies())
    for index, body in enumerate(bodies):
        put("admission", body)
        put("json", body)
        seed = bytes([index % 256])
        small = body[:900]
        head = b"POST /validate?timeout=10s HTTP/1.1\r\nHost: webhook.linkerd.svc:443\r\nContent-Type: application/json\r\n"
        put("http-parser", seed + head + b"Content-Length: %d\r\n\r\n" % len(small) + small)
        put("http-parser", seed + head + b"Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n" + chunked(small, 200))
        for obj in objects(body):
            put("yaml", json.dumps(obj))
            for selector in selectors(obj):
                put("selector", json.dumps(selector))
            for pattern in regexes(obj):
                put("regex", pattern)
            text = "\n".join(s for s in strings(obj) if len(s) < 200)
            put("selector", text[:4000])
            event = json.dumps({"type": "MODIFIED", "object": obj}).encode()
            if len(event) < 1800:
                stream = b"\n".join([event, json.dumps({"type": "BOOKMARK", "object": {"metadata": {"resourceVersion": "42"}}}).encode()]) + b"\n"
                put("watch", seed + b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(stream, 100))
                put("watch", seed + b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(stream) + stream)
    put("http-parser", b"\x03GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /metrics HTTP/1.0\r\n\r\n")
    put("watch", b"\x05HTTP/1.1 410 Gone\r\nContent-Length: 2\r\n\r\n{}")
    put("watch", b"\x07HTTP/1.1 200 OK\r\n\r\n" + json.dumps({"type": "ERROR", "object": {"kind": "Status", "code": 410}}).encode())
    put("selector", "10.0.0.0/8\n::1/128\nfd00::/64\n192.168.1.5\n2001:db8::ffff:1.2.3.4/120\n1h30m\n500ms\n-1.5s\n"
        "app.kubernetes.io/name\nweb-svc\nspiffe://cluster.local/ns/x/sa/y\n*.linkerd.cluster.local\n^/api/v[0-9]+$\n")
    for pattern in ["^/api/v[0-9]+$", "/users/[^/]+/posts", "(?i)/Health(z)?", "a{2,5}?b", "[[:alpha:]]+\\d*",
                    "(?P<name>x)|y", "\\p{Greek}+", "(a|b)*c", "(?=x)", "\\1", "a++"]:
        put("regex", pattern)
    for path in sorted((ROOT / "examples").rglob("*.yaml")) + sorted(ROOT.glob("charts/**/values.yaml")):
        text = path.read_bytes()
        put("yaml", text)
        for document in text.split(b"\n---"):
            put("yaml", document)
    for target in TARGETS:
        print(f"  {target}: {len(list((OUT / target).iterdir()))} seeds")


main()

# SPDX-License-Identifier: MIT
"""openapi.py BUILD — every path × method × status code of web/openapi.yaml, provoked against the
running hailong-web (over a real mosquitto and aggregator) and checked: the status, the
Content-Type where the spec gives content, the properties the spec's schema marks required (through
$ref and allOf, into objects and arrays), the headers the spec lists, and that an error's JSON says
its own status. A (path, method, status) of the spec that the table below cannot provoke fails as
"not tested"; a route of web/api.c that the spec does not list fails, and so does any method the
program answers on a spec path that the spec does not list (it must be 405).

Output in cmocka's format, for scripts/run-tests.sh. Run: /usr/bin/python3 tests/web/openapi.py build"""

import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hlstack  # noqa: E402
from hlstack import ROOT, SITE, wait_for  # noqa: E402

import yaml  # noqa: E402  (Debian's python3-yaml)

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
SPEC_PATH = os.path.join(ROOT, "web", "openapi.yaml")
OTHER_SITE = "stp-vinh"
S = None
state = {}

# ---- the spec --------------------------------------------------------------------------------------

with open(SPEC_PATH, encoding="utf-8") as f:
    SPEC = yaml.safe_load(f)
METHODS = ("get", "put", "post", "delete", "patch")


def deref(node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local $refs: {ref}"
        node = SPEC
        for part in ref[2:].split("/"):
            node = node[part]
        seen += 1
        assert seen < 20, f"a $ref loop at {ref}"
    return node


def schema_parts(schema):
    """(required names, properties, type, items) of a schema, allOf merged, $refs followed."""
    schema = deref(schema)
    req, props, typ, items = list(schema.get("required", [])), dict(schema.get("properties", {})), \
        schema.get("type"), schema.get("items")
    for sub in schema.get("allOf", []):
        r, p, t, i = schema_parts(sub)
        req += r
        props.update(p)
        typ = typ or t
        items = items or i
    return req, props, typ, items


def check_schema(value, schema, where):
    """The required properties are there (and not null unless nullable), recursively; the basic types."""
    schema = deref(schema)
    req, props, typ, items = schema_parts(schema)
    if value is None:
        assert schema.get("nullable"), f"{where}: null where the spec does not allow it"
        return
    want = {"object": dict, "array": list, "string": str, "boolean": bool}.get(typ)
    if typ in ("integer", "number"):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{where}: {value!r} is not a {typ}"
    elif want:
        assert isinstance(value, want), f"{where}: {type(value).__name__} where the spec says {typ}"
    if "enum" in schema and value is not None:
        assert value in schema["enum"], f"{where}: {value!r} is not one of {schema['enum']}"
    if isinstance(value, dict):
        missing = [k for k in req if k not in value]
        assert not missing, f"{where}: lacks the required {missing} (has {sorted(value)})"
        for k, sub in props.items():
            if k in value:
                check_schema(value[k], sub, f"{where}.{k}")
    if isinstance(value, list) and items:
        for i, v in enumerate(value[:50]):
            check_schema(v, items, f"{where}[{i}]")


def spec_operations():
    """(path, METHOD, status, response) of every response the spec lists."""
    out = []
    for path, item in SPEC["paths"].items():
        for m in METHODS:
            if m not in item:
                continue
            for status, resp in item[m].get("responses", {}).items():
                out.append((path, m.upper(), int(status), deref(resp)))
    return out


def shape(path):
    """A path with its parameters as {} (":site" and "{site}" alike)."""
    return re.sub(r"\{[^}]+\}|:[A-Za-z_]+", "{}", path)


def api_routes():
    """(METHOD, path shape) of every route in web/api.c's table."""
    with open(os.path.join(ROOT, "web", "api.c"), encoding="utf-8") as f:
        text = f.read()
    return sorted({(m, shape(p)) for m, p in re.findall(r'\{\s*HTTP_([A-Z]+),\s*"(/api/[^"]*)"', text)})


# ---- the stack -------------------------------------------------------------------------------------

def setup():
    global S
    S = hlstack.Stack(BUILD)
    S.start_broker()
    S.start_aggregator()
    S.roster_import()
    state["token"] = S.add_token(SITE, "mot-cua")
    state["other_token"] = S.add_token(OTHER_SITE, "vinh")
    print(f"fill: {S.loadgen(200, days=30, terminals=2)}", flush=True)
    # Three serious flags: two of this site (one taken through its steps), one of another site.
    S.serious_rating("q03", "cb003", "1.001234")
    S.serious_rating("q04", "cb004", "1.001234")
    rid = str(__import__("uuid").uuid4())
    body = {"v": 1, "id": rid, "site": OTHER_SITE, "counter": "q01", "officer": "cbv01", "procedure": "1.001234",
            "scale": 5, "answers": {"officer": 1}, "reasons": ["NHUNG_NHIEU"], "ts": int(time.time()), "clock_ok": True}
    S.mqtt_pub(f"hailong/v1/{OTHER_SITE}/q01/rating", json.dumps(body))
    # A terminal's retained status, as a real one says it (wire_status_encode).
    S.mqtt_pub(f"hailong/v1/{SITE}/q05/status",
               json.dumps({"state": "online", "spooled": 2, "ts": int(time.time()), "version": "0.1.0"}), retain=True)

    def flags():
        _, out, _ = S.agg("flags", "list", "--state", "all", "--kind", "serious", "--format", "json", "--db", S.db)
        got = {(f["site"], f["subject"]): f["id"] for f in json.loads(out)}
        return got if len(got) >= 3 else None
    got = wait_for(flags, 15, "the three serious flags")
    state["flag_a"], state["flag_b"] = got[(SITE, "cb003")], got[(SITE, "cb004")]
    state["flag_other"] = got[(OTHER_SITE, "cbv01")]
    wait_for(lambda: S.agg("report", "counters", "--db", S.db, "--format", "csv")[1].count("\n") > 2, 10,
             "the ratings stored")
    S.start_web()


def teardown():
    if S:
        S.close()


# ---- requests --------------------------------------------------------------------------------------

def call(method, path, body=None, token="token", headers=None):
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {state[token] if token in state else token}"
    if body is not None and "Content-Type" not in h:
        h["Content-Type"] = "application/json"
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    return hlstack.http(method, S.base + path, body=body, headers=h)


SESSION = f"/api/v1/sites/{SITE}/counters/q05/session"
OK_SESSION = {"officer": "cb002", "procedure": "1.001234"}


def flag(which):
    return f"/api/v1/flags/{state[which]}"


def broker_stopped():
    S.stop_broker()
    # The console notices the lost connection within its keepalive; a publish then fails at once.
    time.sleep(1.0)


# (path of the spec, METHOD, status) -> (how to provoke it: a function answering (status, headers, body);
# the phase it runs in: changes of state go in order, the broker is stopped last)
def T(fn, phase=1):
    return {"fn": fn, "phase": phase}


RP = "/api/v1/sites/{site}/counters/{counter}/session"
RR = "/api/v1/sites/{site}/reports/{dim}"
RF = "/api/v1/sites/{site}/flags"
RA = "/api/v1/flags/{id}/ack"
RS = "/api/v1/flags/{id}/resolve"
RT = "/api/v1/sites/{site}/terminals"

TABLE = {
    (RP, "PUT", 200): T(lambda: call("PUT", SESSION, OK_SESSION)),
    (RP, "PUT", 400): T(lambda: call("PUT", SESSION, '{"officer":')),
    (RP, "PUT", 401): T(lambda: call("PUT", SESSION, OK_SESSION, token=None)),
    (RP, "PUT", 403): T(lambda: call("PUT", f"/api/v1/sites/{OTHER_SITE}/counters/q05/session", OK_SESSION)),
    (RP, "PUT", 422): T(lambda: call("PUT", SESSION, {"officer": "cb999", "procedure": "1.001234"})),
    (RP, "PUT", 503): T(lambda: (broker_stopped(), call("PUT", SESSION, OK_SESSION))[1], phase=9),
    (RP, "DELETE", 204): T(lambda: call("DELETE", SESSION), phase=2),
    (RP, "DELETE", 400): T(lambda: call("DELETE", f"/api/v1/sites/{SITE}/counters/Q_05/session")),
    (RP, "DELETE", 401): T(lambda: call("DELETE", SESSION, token="hl_notatoken")),
    (RP, "DELETE", 403): T(lambda: call("DELETE", f"/api/v1/sites/{OTHER_SITE}/counters/q05/session")),
    (RP, "DELETE", 503): T(lambda: call("DELETE", SESSION), phase=10),
    (RR, "GET", 200): T(lambda: call("GET", f"/api/v1/sites/{SITE}/reports/officers?month={state['month']}")),
    (RR, "GET", 400): T(lambda: call("GET", f"/api/v1/sites/{SITE}/reports/officers?quarter=2026-Q5")),
    (RR, "GET", 401): T(lambda: call("GET", f"/api/v1/sites/{SITE}/reports/officers", token=None)),
    (RR, "GET", 403): T(lambda: call("GET", f"/api/v1/sites/{SITE}/reports/officers", token="other_token")),
    (RR, "GET", 404): T(lambda: call("GET", f"/api/v1/sites/{SITE}/reports/sites")),
    (RF, "GET", 200): T(lambda: call("GET", f"/api/v1/sites/{SITE}/flags?state=all")),
    (RF, "GET", 400): T(lambda: call("GET", f"/api/v1/sites/{SITE}/flags?state=closed")),
    (RF, "GET", 401): T(lambda: call("GET", f"/api/v1/sites/{SITE}/flags", token=None)),
    (RF, "GET", 403): T(lambda: call("GET", f"/api/v1/sites/{OTHER_SITE}/flags")),
    (RA, "POST", 200): T(lambda: call("POST", flag("flag_a") + "/ack", {"by": "Phạm Thu", "note": "đã gọi"}), phase=2),
    (RA, "POST", 400): T(lambda: call("POST", flag("flag_b") + "/ack", "by=x")),
    (RA, "POST", 401): T(lambda: call("POST", flag("flag_b") + "/ack", {"by": "x"}, token=None)),
    (RA, "POST", 403): T(lambda: call("POST", flag("flag_other") + "/ack", {"by": "x"})),
    (RA, "POST", 404): T(lambda: call("POST", "/api/v1/flags/999999/ack", {"by": "x"})),
    (RA, "POST", 409): T(lambda: call("POST", flag("flag_a") + "/ack", {"by": "x"}), phase=3),
    (RA, "POST", 422): T(lambda: call("POST", flag("flag_b") + "/ack", {"note": "không ghi ai"})),
    (RS, "POST", 200): T(lambda: call("POST", flag("flag_a") + "/resolve",
                                      {"by": "Phạm Thu", "note": "đã nhắc nhở cán bộ"}), phase=4),
    (RS, "POST", 400): T(lambda: call("POST", flag("flag_b") + "/resolve", "[1,")),
    (RS, "POST", 401): T(lambda: call("POST", flag("flag_b") + "/resolve", {"by": "x", "note": "y"},
                                      token="hl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")),
    (RS, "POST", 403): T(lambda: call("POST", flag("flag_other") + "/resolve", {"by": "x", "note": "y"})),
    (RS, "POST", 404): T(lambda: call("POST", "/api/v1/flags/0/resolve", {"by": "x", "note": "y"})),
    (RS, "POST", 409): T(lambda: call("POST", flag("flag_a") + "/resolve", {"by": "x", "note": "y"}), phase=5),
    (RS, "POST", 422): T(lambda: call("POST", flag("flag_b") + "/resolve", {"by": "Phạm Thu"})),
    (RT, "GET", 200): T(lambda: call("GET", f"/api/v1/sites/{SITE}/terminals")),
    (RT, "GET", 400): T(lambda: call("GET", "/api/v1/sites/SCT_BENTRE/terminals")),
    (RT, "GET", 401): T(lambda: call("GET", f"/api/v1/sites/{SITE}/terminals", token=None)),
    (RT, "GET", 403): T(lambda: call("GET", f"/api/v1/sites/{SITE}/terminals", token="other_token")),
}


# What each success must also be, beyond the spec's schema.
def extra_checks(key, status, hdrs, data):
    path, method, _ = key
    if (path, method, status) == (RP, "PUT", 200):
        retained = S.mqtt_retained(f"hailong/v1/{SITE}/q05/session")
        assert retained and json.loads(retained)["officer"] == "cb002", f"the broker holds the session: {retained!r}"
        assert json.loads(retained).get("txn") == data["txn"], f"the answer's txn is the session's: {retained!r}"
    if (path, method, status) == (RP, "DELETE", 204):
        assert S.mqtt_retained(f"hailong/v1/{SITE}/q05/session", wait=2) is None, "the session is still retained"
    if (path, method, status) == (RR, "GET", 200):
        _, cli, _ = S.agg("report", "officers", "--db", S.db, "--site", SITE, "--month", state["month"], "--format", "json")
        want = json.loads(cli)
        want.pop("generated", None)
        got = dict(data)
        got.pop("generated", None)
        assert got == want, "the report differs from `hailong-aggregator report officers --format json`"
        assert data["rows"], "the report has rows"
    if (path, method, status) == (RF, "GET", 200):
        ids = {f["id"] for f in data["flags"]}
        assert state["flag_a"] in ids and state["flag_b"] in ids, f"the site's flags are listed: {ids}"
        assert state["flag_other"] not in ids, "another site's flag is listed"
    if (path, method, status) in ((RA, "POST", 200), (RS, "POST", 200)):
        assert data["id"] == state["flag_a"], data
        assert data["state"] == ("acknowledged" if path == RA else "resolved"), data
        assert (data["ack_by"] if path == RA else data["resolved_by"]) == "Phạm Thu", data
    if (path, method, status) == (RT, "GET", 200):
        q05 = [t for t in data["terminals"] if t["counter"] == "q05"]
        assert q05 and q05[0]["online"] and q05[0]["spooled"] == 2, f"q05's status is listed: {data}"


def run_one(key, resp):
    path, method, status = key
    entry = TABLE.get(key)
    if entry is None:
        raise AssertionError("not tested: the table has no way to provoke it")
    got, hdrs, raw = entry["fn"]()
    text = raw.decode("utf-8", "replace")
    assert got == status, f"{method} {path}: answered {got}, the spec says {status}: {text[:300]}"
    content = resp.get("content")
    ctype = hdrs.get("content-type", "")
    if content:
        assert "application/json" in content, f"the spec's content is {list(content)}"
        assert ctype.split(";")[0].strip() == "application/json", f"Content-Type {ctype!r}, not application/json"
        try:
            data = json.loads(text)
        except ValueError as e:
            raise AssertionError(f"the body is not JSON ({e}): {text[:200]!r}")
        schema = content["application/json"].get("schema")
        if schema:
            check_schema(data, schema, "body")
        if status >= 400 and isinstance(data, dict) and "status" in data:
            assert data["status"] == status, f"the error says status {data['status']}"
    else:
        data = None
        assert not raw, f"the spec gives no body for {status}, the program sent {len(raw)} bytes"
    for name in (resp.get("headers") or {}):
        assert name.lower() in hdrs, f"no {name} header (the spec lists it)"
    if 200 <= status < 300:
        extra_checks(key, status, hdrs, data)


# ---- the cases --------------------------------------------------------------------------------------

R = hlstack.Runner("py_openapi")


def case(name, fn):
    fn.__name__ = name
    R.case(fn)


def spec_matches_api_c():
    spec = sorted({(m.upper(), shape(p)) for p, item in SPEC["paths"].items() for m in METHODS if m in item})
    code = api_routes()
    assert code, "no routes found in web/api.c"
    not_in_spec = [r for r in code if r not in spec]
    not_in_code = [r for r in spec if r not in code]
    assert not not_in_spec, f"routes of web/api.c the spec does not list: {not_in_spec}"
    assert not not_in_code, f"paths of the spec web/api.c does not route: {not_in_code}"


def nothing_else_answered():
    """On every spec path, the methods the spec does not list are refused (405), and unknown API paths 404."""
    wrong = []
    for path, item in SPEC["paths"].items():
        concrete = (path.replace("{site}", SITE).replace("{counter}", "q05").replace("{dim}", "officers")
                    .replace("{id}", str(state["flag_b"])))
        for m in METHODS:
            if m in item:
                continue
            got, _, _ = call(m.upper(), concrete, body="{}" if m in ("put", "post", "patch") else None)
            if got != 405:
                wrong.append(f"{m.upper()} {path}: {got}")
    for p in ("/api/v1/sites", f"/api/v1/sites/{SITE}", "/api/v1/flags", "/api/v2/sites/x/flags", "/api/v1/tokens"):
        got, _, _ = call("GET", p)
        if got != 404:
            wrong.append(f"GET {p}: {got}, not 404")
    assert not wrong, "answered though the spec does not list it: " + "; ".join(wrong)


case("spec_paths_are_api_c_routes", spec_matches_api_c)
ops = spec_operations()
extra = [k for k in TABLE if k not in {(p, m, s) for p, m, s, _ in ops}]


def table_has_nothing_the_spec_lacks():
    assert not extra, f"the table provokes answers the spec does not list: {extra}"


case("table_matches_spec", table_has_nothing_the_spec_lacks)


def op_name(p, m, s):
    return f"{m}_{p.replace('/api/v1/', '').replace('/', '_').replace('{', '').replace('}', '')}_{s}"


def op_case(key, resp):
    return lambda: run_one(key, resp)


def phase(op):
    return TABLE.get(op[:3], {"phase": 1})["phase"]


ordered = sorted(ops, key=lambda o: (phase(o), o[0], o[1], o[2]))
probed = False
for op in ordered:
    if phase(op) >= 9 and not probed:  # before the broker is stopped
        case("other_methods_refused", nothing_else_answered)
        probed = True
    case(op_name(*op[:3]), op_case(op[:3], op[3]))
if not probed:
    case("other_methods_refused", nothing_else_answered)


def main():
    def setup_all():
        setup()
        # A month the 30 days of ratings fill (the console and the CLI are asked for the same one).
        state["month"] = time.strftime("%Y-%m", time.gmtime(time.time() - 15 * 86400))
    return R.run(setup_all, teardown)


if __name__ == "__main__":
    sys.exit(main())

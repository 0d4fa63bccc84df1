#!/usr/bin/python3
"""Self-test of the oracle: its name resolution, and that it fails on a wrong, missing or extra published row.

Run: /usr/bin/python3 tests/oracle/selftest.py --samples sample-data --published DIR   (a Wuzhong publication)
It first runs the oracle unchanged (it must agree), then three times on a tampered copy of the published rows held in
memory (one Value off by 0.1, one row removed, one row added); each of those must fail with K = N − 1 or K/N+1.
Exit 0 when every check behaves.
"""
import argparse
import contextlib
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import oracle  # noqa: E402


def check(name, cond):
    print(f"{'ok  ' if cond else 'FAIL'} {name}")
    return cond


def resolver_checks():
    rows = [{"township": "花马池镇", "townshipCode": "640323100", "village": "光塬村", "villageCode": "640323100201",
             "keyVillage": True},
            {"township": "花马池镇", "townshipCode": "640323100", "village": "城西村", "villageCode": "640323100202",
             "keyVillage": False},
            {"township": "王乐井乡", "townshipCode": None, "village": "曾记畔村", "villageCode": "640323201201",
             "keyVillage": False}]
    reg = oracle.Register(rows)
    ok = True
    for spelled, want in (("花马池镇", "640323100"), ("花马池", "640323100"), ("花馬池鎮", "640323100"),
                          (" 花马池 镇 ", "640323100"), ("640323100", "640323100"), (640323100.0, "640323100"),
                          ("王乐井", "640323201"), ("王樂井鄉", "640323201"), ("大水坑镇", None)):
        ok &= check(f"township {spelled!r} -> {want}", reg.township(spelled) == want)
    for spelled, want in (("光塬村", "640323100201"), ("光塬", "640323100201"), ("光 塬", "640323100201"),
                          ("640323100201", "640323100201"), (640323100201.0, "640323100201"),
                          ("曾記畔", "640323201201"), ("古塬村", None), ("640323100299", None)):
        ok &= check(f"village {spelled!r} -> {want}", reg.village(spelled, reg.township("花马池")) == want
                    or reg.village(spelled) == want)
    return ok


def run(argv, tamper=None):
    real = oracle.published

    def fake(folder, period):
        pub, dups = real(folder, period)
        if tamper:
            tamper(pub)
        return pub, dups

    oracle.published = fake
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            rc = oracle.main(argv)
    finally:
        oracle.published = real
    last = out.getvalue().strip().splitlines()[-1]
    k, n = (int(x) for x in last.split()[1].split("/"))
    return rc, k, n, last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", default="sample-data")
    ap.add_argument("--published", required=True)
    a = ap.parse_args()
    argv = ["--scenario", "wuzhong", "--samples", a.samples, "--published", a.published]
    ok = resolver_checks()
    rc, k, n, last = run(argv)
    ok &= check(f"untouched publication agrees ({last})", rc == 0 and k == n and n > 0)

    def wrong_value(pub):
        key = ("640323", "VS05")
        pub[key] = dict(pub[key], Value=pub[key]["Value"] + 0.1)

    def missing_row(pub):
        del pub[("640323", "PD06")]

    def extra_row(pub):
        pub[("640323", "TL99")] = dict(pub[("640323", "TL01")], IndicatorId="TL99")

    for name, tamper, want in (("a Value off by 0.1", wrong_value, (k - 1, n)), ("a missing row", missing_row, (k - 1, n)),
                               ("an extra row", extra_row, (k, n + 1))):
        rc2, k2, n2, last2 = run(argv, tamper)
        ok &= check(f"{name} fails ({last2})", rc2 == 1 and (k2, n2) == want)
    print("selftest: all checks behave" if ok else "selftest: SOMETHING DIFFERS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

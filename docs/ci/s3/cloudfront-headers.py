#!/usr/bin/env python3
"""Turns the `/*` block of a built trust center's `_headers` file into a CloudFront response
headers policy (the JSON `aws cloudfront create-response-headers-policy --response-headers-policy-config`
and `update-response-headers-policy` take), so a site served from S3 through CloudFront sends
the same security headers as on Netlify or Cloudflare Pages.

    python3 cloudfront-headers.py public/_headers trustpage-headers > policy.json

The Content-Security-Policy carries hashes of the theme's scripts: run this after every build
that changes them (a new trustpage version, or an edited template), as the deploy recipe does.
"""
import json
import sys

# Headers CloudFront sets through its own fields; every other one is a custom header.
SECURITY = {
    "content-security-policy": lambda v: {"ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": v}},
    "x-content-type-options": lambda v: {"ContentTypeOptions": {"Override": True}},
    "referrer-policy": lambda v: {"ReferrerPolicy": {"Override": True, "ReferrerPolicy": v}},
    "x-frame-options": lambda v: {"FrameOptions": {"Override": True, "FrameOption": v.upper()}},
}


def site_wide_headers(text):
    """The name/value pairs of the `/*` rule, in file order."""
    headers, current = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = line.strip()
            continue
        name, sep, value = line.strip().partition(":")
        if not sep or current is None:
            sys.exit(f"_headers:{number}: not a `Name: value` line under a path: {line.strip()!r}")
        if current == "/*":
            headers.append((name.strip(), value.strip()))
    if not headers:
        sys.exit("_headers has no `/*` rule: is this the file trustpage build wrote?")
    return headers


def policy(headers, name):
    security, custom = {}, []
    for header, value in headers:
        make = SECURITY.get(header.lower())
        if make:
            security.update(make(value))
        else:
            custom.append({"Header": header, "Value": value, "Override": True})
    config = {
        "Name": name,
        "Comment": "Security headers of the trust center, from trustpage's _headers",
        "SecurityHeadersConfig": security,
    }
    if custom:
        config["CustomHeadersConfig"] = {"Quantity": len(custom), "Items": custom}
    return config


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: cloudfront-headers.py PATH/TO/_headers POLICY_NAME")
    with open(sys.argv[1], encoding="utf-8") as f:
        headers = site_wide_headers(f.read())
    json.dump(policy(headers, sys.argv[2]), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

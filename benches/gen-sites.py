#!/usr/bin/env python3
"""Writes the synthetic sites the benchmark builds: N Markdown pages (about 30 paragraphs each,
with headings, lists, links, emphasis, a table and a code block), a trust.toml with 500
subprocessors and 200 FAQ entries, and the same Markdown laid out as a Hugo site, so both
tools render the same pages.

Usage: benches/gen-sites.py N OUT_DIR   (writes OUT_DIR/trustpage and OUT_DIR/hugo)
The output depends only on N: the same pages every time.
"""

import os
import random
import sys

WORDS = (
    "access audit availability backup boundary change confidentiality control customer data "
    "encryption evidence incident integrity key least log monitoring network owner policy privacy "
    "procedure review risk role scope security service storage subprocessor system test vendor "
    "vulnerability we our the a of to and in for with on is are each every within"
).split()


def sentence(rng, n=14):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    i = rng.randrange(2, n - 2)
    words[i] = f"**{words[i]}**"
    j = rng.randrange(2, n - 2)
    if j != i:
        words[j] = f"*{words[j]}*"
    return " ".join(words) + "."


def page(rng, index, total):
    out = []
    for section in range(6):
        out.append(f"## Section {section + 1} of page {index}\n")
        for _ in range(4):
            out.append(" ".join(sentence(rng) for _ in range(3)) + "\n")
        if section == 1:
            out.append("\n".join(f"- {sentence(rng, 8)}" for _ in range(5)) + "\n")
        if section == 2:
            other = (index + 1) % total
            out.append(f"See [the next page](/page-{other}/) and [our security contact](https://example.com/security).\n")
        if section == 3:
            out.append("| Control | Owner | Frequency |\n|---|---|---|\n" + "\n".join(f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | quarterly |" for _ in range(4)) + "\n")
        if section == 4:
            out.append("```toml\n[policy]\nreport_max_age_days = 365\nwarn_within_days = 60\n```\n")
    return "\n".join(out)


def trust_toml():
    lines = [
        '[company]\nname = "Benchmark Corp"\nurl = "https://bench.example.com"\ndescription = "A synthetic company for the benchmark."\n',
        '[contact]\nsecurity_email = "security@bench.example.com"\n',
        '[[attestations]]\nid = "soc2"\nframework = "soc2"\ntype = "II"\nperiod_start = 2025-10-01\nperiod_end = 2026-09-30\n'
        'report_issued = 2026-11-01\nauditor = "Example CPA LLP"\nprinciples = ["security"]\nrequest_url = "mailto:trust@bench.example.com"\n',
        '[principles.security]\nsummary = "We protect customer data."\nprocedures = [{ title = "Access control", summary = "Least privilege, reviewed quarterly." }]\n',
    ]
    for i in range(500):
        lines.append(f'[[subprocessors]]\nname = "Vendor {i}"\npurpose = "Service number {i}"\nlocations = ["US", "DE"]\naudit_treatment = "carve-out"\n')
    for i in range(200):
        lines.append(f'[[faq]]\nquestion = "Question number {i}?"\nanswer = "Answer number {i}, with **emphasis** and a [link](https://example.com/{i})."\n')
    return "\n".join(lines)


HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}"><link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="/">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main>
<footer>Benchmark Corp</footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range .Site.Data.trust.subprocessors }}<p>{{ .name }}: {{ .purpose }}</p>{{ end }}
{{ range .Site.Data.trust.faq }}<details><summary>{{ .question }}</summary>{{ .answer | markdownify }}</details>{{ end }}{{ end }}
""",
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261125)
    tp, hugo = os.path.join(out, "trustpage"), os.path.join(out, "hugo")
    write(os.path.join(tp, "trustpage.toml"), 'base_url = "https://trust.bench.example.com"\ntitle = "Benchmark Trust Center"\ndescription = "Synthetic."\n\n[build]\nas_of = 2026-11-25\n')
    trust = trust_toml()
    write(os.path.join(tp, "trust.toml"), trust)
    write(os.path.join(hugo, "config.toml"), 'baseURL = "https://trust.bench.example.com/"\ntitle = "Benchmark Trust Center"\ndisableKinds = ["taxonomy", "term", "RSS"]\n')
    write(os.path.join(hugo, "data", "trust.toml"), trust)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(hugo, "layouts", rel), text)
    for i in range(n):
        body = page(rng, i, n)
        front = f'+++\ntitle = "Page {i}"\ndescription = "Synthetic page {i}."\nweight = {i}\nin_nav = false\n+++\n\n'
        write(os.path.join(tp, "content", f"page-{i}.md"), front + body)
        hugo_front = f'+++\ntitle = "Page {i}"\ndescription = "Synthetic page {i}."\nweight = {i}\n+++\n\n'
        write(os.path.join(hugo, "content", f"page-{i}.md"), hugo_front + body)


if __name__ == "__main__":
    main()

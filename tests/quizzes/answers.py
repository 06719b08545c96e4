"""Build the form fields a learner's browser would send, from the attempt's own public ids (``aliases``).

``right_fields(item)``: the fields of the right answer (what a bot reading the key from the database sends);
``public_id(item, kind, key)``: the public id of an internal choice, pair, option or item.
"""

from __future__ import annotations

from decimal import Decimal


def public_id(item, kind: str, key: str) -> str:
    for public, internal in (item.aliases or {}).get(kind, {}).items():
        if internal == key:
            return public
    raise KeyError((kind, key))


def right_fields(item) -> dict[str, list[str]]:
    data, p = item.version.data, f"q{item.position}"
    qtype = data["type"]
    if qtype == "single":
        best = max(data["choices"], key=lambda c: Decimal(c["fraction"]))
        return {p: [public_id(item, "choices", best["id"])]}
    if qtype == "multiple":
        return {p: [public_id(item, "choices", c["id"]) for c in data["choices"] if Decimal(c["fraction"]) > 0]}
    if qtype == "truefalse":
        return {p: [public_id(item, "choices", "true" if data["correct"] else "false")]}
    if qtype == "matching":
        return {f"{p}-{public_id(item, 'pairs', pair['id'])}": [public_id(item, "options", pair["answer"])]
                for pair in data["pairs"]}
    if qtype == "ordering":
        return {f"{p}-{public_id(item, 'items', i['id'])}": [str(n)] for n, i in enumerate(data["items"], start=1)}
    if qtype == "numeric":
        best = max(data["answers"], key=lambda a: Decimal(a["fraction"]))
        return {p: ["0" if best["value"] == "*" else best["value"]]}
    best = max(data["answers"], key=lambda a: Decimal(a["fraction"]))
    return {p: [best["text"].replace("*", "")]}

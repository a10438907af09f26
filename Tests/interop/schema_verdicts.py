"""Judges the corpus with Python's jsonschema (draft 2020-12), the oracle for Sextant's own
schema checks: python schema_verdicts.py CORPUS.json

Prints one JSON line per value: [valid, pointer] where pointer is the JSON pointer of the
error when there is exactly one (null otherwise)."""
import json
import sys

from jsonschema import Draft202012Validator


def pointer(path):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


with open(sys.argv[1]) as corpus:
    cases = json.load(corpus)
for case in cases:
    validator = Draft202012Validator(case["schema"])
    for value in case["values"]:
        errors = list(validator.iter_errors(value))
        print(json.dumps([not errors, pointer(errors[0].absolute_path) if len(errors) == 1 else None]))

"""YAML the way ``kubectl -o yaml`` writes it: go-yaml v2's key order and quoting."""
from __future__ import annotations

import functools

import yaml


def go_yaml_key_less(a: str, b: str) -> bool:
    """Whether key ``a`` comes before ``b`` in ``kubectl -o yaml``: go-yaml v2's keyList.Less.

    kubectl turns the object into JSON, then into YAML with sigs.k8s.io/yaml,
    whose go-yaml v2 (sorter.go) sorts map keys "naturally": at the first
    differing character two letters compare by code point, a non-letter
    comes before a letter, and runs of digits compare as numbers
    (``a9`` < ``a10``; ``a_b`` < ``aB``, unlike a plain string sort).
    """
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        a_letter, b_letter = a[i].isalpha(), b[i].isalpha()
        if a_letter and b_letter:
            return a[i] < b[i]
        if a_letter or b_letter:
            return b_letter
        a_number = b_number = 0
        if a[i] == "0" or b[i] == "0":  # zeros inside a number (not leading ones) count
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    a_number = b_number = 1
                    break
                j -= 1
        a_end = i
        while a_end < len(a) and a[a_end].isdecimal():
            a_number = a_number * 10 + ord(a[a_end]) - ord("0")
            a_end += 1
        b_end = i
        while b_end < len(b) and b[b_end].isdecimal():
            b_number = b_number * 10 + ord(b[b_end]) - ord("0")
            b_end += 1
        if a_number != b_number:
            return a_number < b_number
        if a_end != b_end:
            return a_end < b_end
        return a[i] < b[i]
    return len(a) < len(b)


def _go_yaml_key(a: str, b: str) -> int:
    return -1 if go_yaml_key_less(a, b) else 1 if go_yaml_key_less(b, a) else 0


class _KubectlDumper(yaml.SafeDumper):
    """go-yaml's key order, 2-space indent, list items level with their key, like kubectl."""


def _represent_dict(dumper: _KubectlDumper, mapping: dict):
    keys = sorted(mapping, key=functools.cmp_to_key(_go_yaml_key))
    return dumper.represent_mapping("tag:yaml.org,2002:map", [(key, mapping[key]) for key in keys])


def _represent_str(dumper: _KubectlDumper, text: str):
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    implicit = dumper.resolve(yaml.ScalarNode, text, (True, False))
    if implicit != "tag:yaml.org,2002:str" or text == "":
        # go-yaml double-quotes strings that would read back as another type ("True", "4751", "").
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_KubectlDumper.add_representer(str, _represent_str)
_KubectlDumper.add_representer(dict, _represent_dict)


def to_yaml(data: dict) -> str:
    """YAML laid out the way ``kubectl get ... -o yaml`` prints it."""
    return yaml.dump(data, Dumper=_KubectlDumper, sort_keys=False, indent=2, default_flow_style=False,
                     allow_unicode=True, width=80)

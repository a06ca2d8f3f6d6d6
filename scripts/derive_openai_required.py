#!/usr/bin/env python3
"""Derives the required keys of OpenAI's wire shapes from OpenAI's OpenAPI description.

Reads OpenAI's OpenAPI description, `openapi.json` of github.com/openai/openai-openapi or a
subset of it holding the schemas below (given with --spec; by default the copy the team keeps
beside the repository), and writes `Tests/conformance/openai_required.py`: for each shape the gateway produces, the keys the
description requires at every depth, with the item shapes of arrays and the variants of a
`type`-discriminated union. The conformance checks walk every answer against it, so a key OpenAI
requires and the gateway omits is found without anyone listing it by hand. `--check` fails when
the committed file differs from what the description gives.
"""
import argparse
import json
import pathlib
import sys

ROOTS = {
    "chat.completion": "CreateChatCompletionResponse",
    "chat.completion.chunk": "CreateChatCompletionStreamResponse",
    "response": "Response",
    "response.stream_event": "ResponseStreamEvent",
    "error": "ErrorResponse",
    "images": "ImagesResponse",
    "models": "ListModelsResponse",
}
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/conformance/openai_required.py"


class Deriver:
    def __init__(self, schemas):
        self.schemas = schemas

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = self.schemas[node["$ref"].rsplit("/", 1)[1]]
        return node

    def tree(self, node, depth=0):
        """{'required': [...], 'properties': {name: tree}, 'items': tree, 'variants': {type: tree}}; None when nothing is required."""
        node = self.resolve(node)
        if not isinstance(node, dict) or depth > 12:
            return None
        if "allOf" in node:
            merged = {"required": [], "properties": {}}
            for part in node["allOf"]:
                sub = self.tree(part, depth + 1) or {}
                merged["required"] += [k for k in sub.get("required", []) if k not in merged["required"]]
                merged["properties"].update(sub.get("properties", {}))
                for key in ("items", "variants"):
                    if key in sub:
                        merged[key] = sub[key]
            return self.prune(merged)
        for union in ("anyOf", "oneOf"):
            if union in node:
                variants = {}
                for option in node[union]:
                    option = self.resolve(option)
                    kind = self.discriminator(option)
                    if kind is not None:
                        variants[kind] = self.tree(option, depth + 1) or {}
                return {"variants": variants} if variants else None
        result = {"required": sorted(node.get("required", [])), "properties": {}}
        for name, value in (node.get("properties") or {}).items():
            sub = self.tree(value, depth + 1)
            if sub:
                result["properties"][name] = sub
        if node.get("type") == "array" and "items" in node:
            sub = self.tree(node["items"], depth + 1)
            if sub:
                result["items"] = sub
        return self.prune(result)

    def discriminator(self, option):
        if "allOf" in option:
            for part in option["allOf"]:
                kind = self.discriminator(self.resolve(part))
                if kind is not None:
                    return kind
            return None
        kind = (option.get("properties") or {}).get("type")
        if not isinstance(kind, dict):
            return None
        if "enum" in kind and len(kind["enum"]) == 1:
            return kind["enum"][0]
        if "const" in kind:
            return kind["const"]
        return kind.get("default") if isinstance(kind.get("default"), str) else None

    @staticmethod
    def prune(tree):
        tree = {k: v for k, v in tree.items() if v}
        return tree or None


def render(spec_path):
    schemas = json.loads(pathlib.Path(spec_path).read_text())["components"]["schemas"]
    deriver = Deriver(schemas)
    shapes = {name: deriver.tree(schemas[root]) or {} for name, root in ROOTS.items()}
    return (
        '"""The keys OpenAI\'s OpenAPI description requires in each shape the gateway produces.\n\n'
        "Written by scripts/derive_openai_required.py from the description (info.version "
        f"{json.loads(pathlib.Path(spec_path).read_text()).get('x-spec-version', '?')}); do not edit by hand.\n"
        '"""\n\n'
        "REQUIRED = {\n" + "".join(f"    {json.dumps(name)}: {json.dumps(tree, sort_keys=True)},\n" for name, tree in shapes.items()) + "}\n"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = pathlib.Path(__file__).resolve().parent.parent.parent / "shared/openai-spec/openai-openapi-subset.json"
    parser.add_argument("--spec", default=str(default))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(args.spec)
    if args.check:
        if OUT.read_text() != text:
            print(f"{OUT} is not what {args.spec} gives: run scripts/derive_openai_required.py", file=sys.stderr)
            sys.exit(1)
        return
    OUT.write_text(text)


if __name__ == "__main__":
    main()

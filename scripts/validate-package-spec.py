#!/usr/bin/env python3
"""Validate a built Fleet package zip against Elastic's package-spec schemas.

usage: validate-package-spec.py SPEC_DIR PACKAGE_ZIP

SPEC_DIR is package-spec's `spec/` folder (per-format folder layouts and YAML-encoded JSON schemas,
with JSON patches per `format_version`). The package's `format_version` selects the patches. Checked:
the folder layout (required files and folders, names and patterns, no unexpected entries where the
spec allows none), every file with a schema against it (manifests, fields, pipelines, transforms,
changelog), YAML pipelines starting with `---`, and the zip's single `<name>-<version>/` root.
Not checked: the semantic rules package-spec implements in Go code (they are not in the schemas).
Needs PyYAML and jsonschema (with `referencing`).
"""

import copy
import io
import json
import os
import re
import sys
import zipfile

import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7


def version_tuple(text):
    core = str(text).split("-")[0].split("+")[0]
    return tuple(int(part) for part in core.split("."))


def pointer_parts(path):
    return [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")] if path != "/" else [""]


def apply_patch(document, operations):
    for op in operations:
        parts = pointer_parts(op["path"])
        parent = document
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent[part]
        last = parts[-1]
        if op["op"] == "remove":
            if isinstance(parent, list):
                del parent[int(last)]
            else:
                del parent[last]
        elif op["op"] in ("add", "replace"):
            if isinstance(parent, list):
                if last == "-":
                    parent.append(op["value"])
                elif op["op"] == "add":
                    parent.insert(int(last), op["value"])
                else:
                    parent[int(last)] = op["value"]
            else:
                parent[last] = op["value"]
        else:
            raise ValueError("unsupported patch operation " + op["op"])


def strip_ids(node):
    """Drop `$id`s: here they only label nodes, and some are not valid base URIs."""
    if isinstance(node, dict):
        return {k: strip_ids(v) for k, v in node.items() if k != "$id"}
    if isinstance(node, list):
        return [strip_ids(v) for v in node]
    return node


class Spec:
    """The spec files, patched for one format version, as a schema registry."""

    def __init__(self, root, format_version):
        self.root = os.path.abspath(root)
        self.version = version_tuple(format_version)
        self.cache = {}

    def load(self, path):
        path = os.path.abspath(path)
        if path not in self.cache:
            with open(path) as f:
                document = yaml.safe_load(f)
            spec = copy.deepcopy(document.get("spec", {}))
            for entry in document.get("versions") or []:
                if self.version < version_tuple(entry["before"]):
                    apply_patch(spec, entry["patch"])
            self.cache[path] = strip_ids(spec)
        return self.cache[path]

    def uri(self, path):
        return "file://" + os.path.abspath(path)

    def registry(self):
        def retrieve(uri):
            return Resource(contents=self.load(uri[len("file://"):]), specification=DRAFT7)

        return Registry(retrieve=retrieve)

    def validate(self, schema_path, instance):
        validator = Draft7Validator({"$ref": self.uri(schema_path)}, registry=self.registry())
        return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def parse(name, data, media_type):
    text = data.decode("utf-8")
    if media_type.startswith("application/x-yaml"):
        if "require-document-dashes=true" in media_type and not text.lstrip().startswith("---"):
            raise ValueError("must start with ---")
        return yaml.safe_load(text)
    if media_type.startswith("application/json"):
        return json.loads(text)
    return text


class Checker:
    def __init__(self, spec, package_name, files):
        self.spec = spec
        self.package_name = package_name
        self.files = files  # relative path -> bytes
        self.errors = []
        self.checked = 0

    def children(self, folder):
        """Direct children of `folder` ('' for the root): name -> 'file' | 'folder'."""
        prefix = folder + "/" if folder else ""
        result = {}
        for path in self.files:
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix):]
            head, _, tail = rest.partition("/")
            result[head] = "folder" if tail else result.get(head, "file")
        return result

    def matches(self, item, name, kind):
        if item.get("type") != kind:
            return False
        if "name" in item:
            ok = item["name"] == name
        else:
            pattern = item.get("pattern", ".*").replace("{PACKAGE_NAME}", self.package_name)
            ok = re.search(pattern, name) is not None
        forbidden = item.get("forbiddenPatterns") or []
        return ok and not any(re.search(p, name) for p in forbidden)

    def folder(self, spec_node, spec_file, folder):
        contents = spec_node.get("contents", [])
        seen = set()
        for name, kind in sorted(self.children(folder).items()):
            path = folder + "/" + name if folder else name
            item = next((i for i, c in enumerate(contents) if self.matches(c, name, kind)), None)
            if item is None:
                if not spec_node.get("additionalContents", False):
                    self.errors.append(path + ": not allowed here by the spec")
                continue
            seen.add(item)
            entry = contents[item]
            if kind == "folder":
                self.subfolder(entry, spec_file, path)
            else:
                self.file(entry, spec_file, path)
        for i, entry in enumerate(contents):
            if entry.get("required") and i not in seen:
                label = entry.get("name") or entry.get("pattern")
                self.errors.append((folder or ".") + ": missing required " + entry["type"] + " " + label)

    def subfolder(self, entry, spec_file, path):
        if entry.get("visibility") == "private":
            self.errors.append(path + ": development folder in a built package")
            return
        if "$ref" in entry:
            ref = os.path.join(os.path.dirname(spec_file), entry["$ref"])
            node = self.spec.load(ref)
            merged = dict(node)
            if "additionalContents" in entry and "additionalContents" not in node:
                merged["additionalContents"] = entry["additionalContents"]
            self.folder(merged, ref, path)
        else:
            self.folder(entry, spec_file, path)

    def file(self, entry, spec_file, path):
        media = entry.get("contentMediaType", "")
        try:
            instance = parse(path, self.files[path], media)
        except Exception as error:  # noqa: BLE001 - every parse error is a finding
            self.errors.append(path + ": cannot be read as " + media + ": " + str(error))
            return
        if "$ref" not in entry:
            return
        schema = os.path.join(os.path.dirname(spec_file), entry["$ref"])
        self.checked += 1
        for error in self.spec.validate(schema, instance):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            self.errors.append(path + ": " + where + ": " + error.message)


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    spec_root, archive = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(archive) as z:
        bad = z.testzip()
        if bad:
            print(archive + ": damaged entry " + bad, file=sys.stderr)
            return 1
        names = [n for n in z.namelist() if not n.endswith("/")]
        roots = {n.split("/")[0] for n in z.namelist()}
        if len(roots) != 1:
            print(archive + ": expected one top-level folder, found " + ", ".join(sorted(roots)), file=sys.stderr)
            return 1
        root = roots.pop()
        files = {n[len(root) + 1:]: z.read(n) for n in names}
    manifest = yaml.safe_load(io.BytesIO(files["manifest.yml"]))
    expected_root = manifest["name"] + "-" + manifest["version"]
    errors = []
    if root != expected_root:
        errors.append("top-level folder is " + root + ", Fleet expects " + expected_root)
    kind = manifest.get("type", "integration")
    spec = Spec(spec_root, manifest["format_version"])
    spec_file = os.path.join(spec_root, kind, "spec.yml")
    checker = Checker(spec, manifest["name"], files)
    checker.folder(spec.load(spec_file), spec_file, "")
    errors += checker.errors
    for error in errors:
        print("package-spec: " + error, file=sys.stderr)
    if errors:
        print("package-spec: %d problem(s) in %s" % (len(errors), archive), file=sys.stderr)
        return 1
    print("package-spec: %s (format %s) conforms: %d files, %d checked against a schema"
          % (expected_root, manifest["format_version"], len(files), checker.checked))
    return 0


if __name__ == "__main__":
    sys.exit(main())

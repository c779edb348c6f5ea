#!/usr/bin/env bash
# Rebuild the generated clients from openapi.yaml into OUT (default: generated/).
# For each API version: derive its document (tools/derive_spec.py), commit it next to
# the client, and run openapi-python-client on it with our config and templates.
# OUT is wiped first, so the result depends on nothing but the inputs.
# VERSIONS="1.8 0.9" limits the run to some versions (a quick check); default: all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/generated}
python=${PYTHON:-python3}
generator=${GENERATOR:-openapi-python-client}

rm -rf "$out"
mkdir -p "$out"
for version in ${VERSIONS:-$("$python" "$root/tools/derive_spec.py" --list "$root/openapi.yaml")}; do
  dir="$out/v${version//./_}"
  package=$("$python" "$root/tools/derive_spec.py" --package "$root/openapi.yaml" "$version")
  mkdir -p "$dir"
  "$python" "$root/tools/derive_spec.py" "$root/openapi.yaml" "$version" >"$dir/openapi.yaml"
  "$generator" generate --path "$dir/openapi.yaml" --meta none --fail-on-warning \
    --config "$root/generator-config.yaml" --custom-template-path "$root/templates" \
    --output-path "$dir/$package" >/dev/null
  touch "$dir/$package/py.typed"
done

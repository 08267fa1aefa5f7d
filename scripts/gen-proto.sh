#!/bin/sh
# Regenerates packages/proto/src/gen from proto/ (the only source of the schema).
set -eu
cd "$(dirname "$0")/.."
npx --no-install buf lint
npx --no-install buf generate
echo "generated packages/proto/src/gen from proto/"

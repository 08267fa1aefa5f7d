#!/bin/sh
# Regenerates packages/proto/src/gen from proto/ (the only source of the schema).
set -eu
cd "$(dirname "$0")/.."
npx --no-install buf lint
npx --no-install buf generate
# grpc.reflection and grpc.health.v1 for the translator (vendored under services/translator/proto)
npx --no-install buf generate --template services/translator/buf.gen.yaml
node scripts/gen-proto-exports.mjs
echo "generated packages/proto/src/gen from proto/"

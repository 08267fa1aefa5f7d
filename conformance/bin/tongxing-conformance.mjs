#!/usr/bin/env node
// The kit's command: loads its TypeScript through tsx (a dependency of the workspace).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");

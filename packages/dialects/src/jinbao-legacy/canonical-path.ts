/**
 * Canonical paths of a mapping ("claim.person.psn_no", "fee_line.cnt_e4",
 * "adjudication.hifp_pay"), resolved once against the proto schemas so that the codec reads and
 * writes canonical messages generically.
 */
import { create, ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { AdjudicatedFeeLineSchema, AdjudicationSchema, ClaimSchema, FeeLineSchema } from "@tongxing/proto";

/** The messages a path can start from (line_result: one of the insured side's per-line results). */
export const CANONICAL_ROOTS = { claim: ClaimSchema, fee_line: FeeLineSchema, adjudication: AdjudicationSchema, line_result: AdjudicatedFeeLineSchema } as const;

/** The root a path starts from. */
export type CanonicalRoot = keyof typeof CANONICAL_ROOTS;

/** Which JavaScript value a leaf holds. */
export type LeafKind = "string" | "bigint";

/** A resolved path. */
export interface CanonicalPath {
  readonly root: CanonicalRoot;
  /** The path after its root, in proto names ("person.psn_no"); used in encoder violations. */
  readonly display: string;
  /** Message-typed fields to descend through (protobuf-es local names) and their schemas. */
  readonly steps: readonly { readonly localName: string; readonly message: DescMessage }[];
  readonly leaf: string;
  readonly leafKind: LeafKind;
}

type Fields = Record<string, unknown>;

function isRoot(name: string): name is CanonicalRoot {
  return Object.hasOwn(CANONICAL_ROOTS, name);
}

/** Resolves a mapping path; throws Error (a mapping bug, found by the mapping test) when it names no string or int64 field. */
export function resolveCanonicalPath(path: string): CanonicalPath {
  const [rootName = "", ...names] = path.split(".");
  if (!isRoot(rootName) || names.length === 0) throw new Error(`mapping path "${path}" must start with claim., fee_line., adjudication. or line_result.`);
  let message: DescMessage = CANONICAL_ROOTS[rootName];
  const steps: { localName: string; message: DescMessage }[] = [];
  for (const [i, name] of names.entries()) {
    const field = message.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`mapping path "${path}": ${message.typeName} has no field ${name}`);
    const last = i === names.length - 1;
    if (!last) {
      if (field.fieldKind !== "message") throw new Error(`mapping path "${path}": ${name} is not a message`);
      steps.push({ localName: field.localName, message: field.message });
      message = field.message;
      continue;
    }
    if (field.fieldKind !== "scalar") throw new Error(`mapping path "${path}": ${name} is not a scalar`);
    const leafKind = field.scalar === ScalarType.STRING ? "string" : field.scalar === ScalarType.INT64 ? "bigint" : undefined;
    if (leafKind === undefined) throw new Error(`mapping path "${path}": ${name} is neither string nor int64`);
    return { root: rootName, display: names.join("."), steps, leaf: field.localName, leafKind };
  }
  throw new Error(`mapping path "${path}" is empty`);
}

/** The value at `path` in `root`; an absent intermediate message reads as the leaf's zero value. */
export function readCanonical(root: object, path: CanonicalPath): string | bigint {
  let target: Fields | undefined = root as Fields;
  for (const step of path.steps) target = target?.[step.localName] as Fields | undefined;
  const value = target?.[path.leaf];
  if (path.leafKind === "string") return typeof value === "string" ? value : "";
  return typeof value === "bigint" ? value : 0n;
}

/** The value at `path` in `root`, or undefined where the field (or a message above it) is absent. */
export function readCanonicalPresent(root: object, path: CanonicalPath): string | bigint | undefined {
  let target: Fields | undefined = root as Fields;
  for (const step of path.steps) target = target?.[step.localName] as Fields | undefined;
  const value = target?.[path.leaf];
  return typeof value === "string" || typeof value === "bigint" ? value : undefined;
}

/** Sets the value at `path` in `root`, creating absent intermediate messages. */
export function writeCanonical(root: object, path: CanonicalPath, value: string | bigint): void {
  let target = root as Fields;
  for (const step of path.steps) {
    let next = target[step.localName] as Fields | undefined;
    if (next === undefined) {
      next = create(step.message) as unknown as Fields;
      target[step.localName] = next;
    }
    target = next;
  }
  target[path.leaf] = value;
}

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where the requirement table lives in the repository. */
export const REQUIREMENTS_CSV = fileURLToPath(new URL("../../requirements/requirements.csv", import.meta.url));

/** SHALL requirements decide the exit code; SHOULD ones are reported only. */
export const RequirementLevel = { SHALL: "SHALL", SHOULD: "SHOULD" } as const;
export type RequirementLevel = (typeof RequirementLevel)[keyof typeof RequirementLevel];

/** One row of conformance/requirements/requirements.csv. */
export interface Requirement {
  /** Stable id (TLS-01, ADJ-03, ...): never renumbered, never reused. */
  readonly id: string;
  readonly level: RequirementLevel;
  /** Which kit modes verify it: adjudicator, submitter, validate. */
  readonly roles: readonly string[];
  /** Section of a dialect specification or docs/integrators.md that states it. */
  readonly source: string;
  readonly text: string;
}

/** Parses the requirement table (RFC 4180 CSV: quoted fields, doubled quotes). */
export function loadRequirements(path: string = REQUIREMENTS_CSV): Requirement[] {
  const rows = parseCsv(readFileSync(path, "utf8"));
  const header = rows.shift()?.join(",");
  if (header !== "id,level,roles,source,text") throw new Error(`${path}: unexpected header "${header ?? ""}"`);
  return rows.map((r, i) => {
    const [id, level, roles, source, text] = r;
    if (id === undefined || roles === undefined || source === undefined || text === undefined || r.length !== 5) {
      throw new Error(`${path}: row ${i + 2} has ${r.length} fields, expected 5`);
    }
    if (level !== "SHALL" && level !== "SHOULD") throw new Error(`${path}: row ${i + 2}: level must be SHALL or SHOULD`);
    return { id, level, roles: roles.split(";"), source, text };
  });
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== "")) rows.push(row);
  return rows;
}

import { ADJUDICATOR_CASES } from "./adjudicator-cases.js";
import { SUBMITTER_CASES } from "./submitter-cases.js";

/** The validate mode's single case per file, as a catalogue entry. */
export const VALIDATE_CASE = { id: "validate <file>", requirements: ["SUB-01", "SUB-02"] } as const;

/** Every case of every mode, by mode-qualified id, with the requirements it verifies. */
export function caseCatalogue(): { readonly id: string; readonly requirements: readonly string[] }[] {
  return [
    ...ADJUDICATOR_CASES.map((c) => ({ id: `adjudicator/${c.id}`, requirements: c.requirements })),
    ...SUBMITTER_CASES.map((c) => ({ id: `submitter/${c.id}`, requirements: c.requirements })),
    { id: `validate/${VALIDATE_CASE.id}`, requirements: VALIDATE_CASE.requirements },
  ];
}

/** The cases verifying requirement `id`. */
export function casesVerifying(id: string): string[] {
  return caseCatalogue().filter((c) => c.requirements.includes(id)).map((c) => c.id);
}

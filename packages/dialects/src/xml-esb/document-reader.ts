/**
 * Reads one xml-esb document: screens the payload, parses it, checks the root element and fills
 * `target` along the mapping's rules. Returns every violation found (none: the target is filled).
 */
import { decodeGroup } from "./mapping-decoder.js";
import type { GroupRule, XmlEsbLimits } from "./mapping-types.js";
import { readPayloadText } from "./payload-guard.js";
import { ViolationList } from "./violation-list.js";
import { parseXmlTree } from "./xml-tree.js";

/** Reads `payload` into `target` as the document whose root is `root`. */
export function readDocument(payload: Uint8Array, root: GroupRule, target: Record<string, unknown>, limits: XmlEsbLimits): ViolationList {
  const violations = new ViolationList(limits.maxViolations);
  const text = readPayloadText(payload, limits);
  if (!text.ok) {
    violations.add("payload", text.problem);
    return violations;
  }
  const tree = parseXmlTree(text.text);
  if (!tree.ok) {
    violations.add("payload", tree.problem);
    return violations;
  }
  if (tree.root.name !== root.element) {
    violations.add("payload", `root element is <${tree.root.name.slice(0, 60)}>; expected <${root.element}>`);
    return violations;
  }
  decodeGroup(root, tree.root, target, root.element, { violations, maxTextLength: limits.maxTextLength });
  return violations;
}

export { mergeMessageBytes, messageFieldBytes } from "./message-bytes.js";
export { messageFieldValue, withoutFields } from "./field-bytes.js";
export { decodeEnvelopeHead } from "./envelope-head.js";
export type { EnvelopeHead } from "./envelope-head.js";

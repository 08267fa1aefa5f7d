export { mergeMessageBytes, messageFieldBytes } from "./message-bytes.js";
export { messageFieldValue, withoutFields } from "./field-bytes.js";

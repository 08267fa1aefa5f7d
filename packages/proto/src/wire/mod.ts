export { mergeMessageBytes, messageFieldBytes } from "./message-bytes.js";

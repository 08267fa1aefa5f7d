export { ClaimSchema } from "./gen/tongxing/v1/claim_pb.js";

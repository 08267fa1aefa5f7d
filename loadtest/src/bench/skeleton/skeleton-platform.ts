// The skeleton's province platforms: one link stream each (as the simulator's), answering every
// delivery with an adjudication-sized message of the same claim.
import { credentials, makeGenericClientConstructor, Metadata, type Client, type ClientDuplexStream } from "@grpc/grpc-js";
import { frame, frameId } from "./skeleton-layout.js";
import { PLATFORM_METADATA, SKELETON_SERVICE } from "./skeleton-service.js";

/** Bytes of a platform's adjudication message (the hub's ConnectRequest with an adjudication). */
export const ADJUDICATION_BYTES = 320;

type LinkClient = Client & { link(md: Metadata): ClientDuplexStream<Buffer, Buffer> };

/** Opens one link per platform to the edge at `address`; resolves with a close. */
export function startSkeletonPlatforms(address: string, platforms: readonly string[]): { close: () => void } {
  const Ctor = makeGenericClientConstructor(SKELETON_SERVICE, "Skeleton");
  const links = platforms.map((platform) => {
    const client = new Ctor(address, credentials.createInsecure()) as unknown as LinkClient;
    const md = new Metadata();
    md.set(PLATFORM_METADATA, platform);
    const stream = client.link(md);
    stream.on("data", (delivery: Buffer) => stream.write(frame(frameId(delivery), ADJUDICATION_BYTES)));
    stream.on("error", () => undefined); // the edge going away at the end of a run
    return { client, stream };
  });
  return {
    close() {
      for (const l of links) {
        l.stream.end();
        l.client.close();
      }
    },
  };
}

import type { JetStreamManager } from "@nats-io/jetstream";
import { Consumers, Streams, Subjects } from "@tongxing/nats";
import type { RoutingTable } from "@tongxing/routing";

/** One provincial platform's tile. */
export interface PlatformTile {
  readonly id: string;
  readonly name: string;
  /**
   * up: its link has a pull request open on its delivery consumer now; down: the consumer exists
   * and nothing has pulled for two samples in a row; unknown: no consumer (never connected) or the
   * consumer could not be read. Never inferred from anything else.
   */
  readonly link: "up" | "down" | "unknown";
  /** Claims waiting for the platform: not yet delivered plus delivered and unanswered; null when unknown. */
  readonly backlog: number | null;
  /** Age of the oldest claim waiting for it, ms; null when nothing waits or it cannot be read exactly. */
  readonly oldestWaitingMs: number | null;
}

/** Reads the tiles from each platform's delivery consumer; remembers the last sample to tell down from a gap between pulls. */
export function createPlatformTiles(jsm: JetStreamManager, routing: RoutingTable) {
  const idleBefore = new Set<string>();
  return async function platformTiles(): Promise<PlatformTile[]> {
    const platforms = routing.platforms().sort((a, b) => a.id.localeCompare(b.id));
    return Promise.all(
      platforms.map(async (p): Promise<PlatformTile> => {
        const info = await jsm.consumers.info(Streams.DELIVERY, Consumers.link(p.id)).catch(() => undefined);
        if (info === undefined) return { id: p.id, name: p.name, link: "unknown", backlog: null, oldestWaitingMs: null };
        const pulling = (info.num_waiting ?? 0) > 0;
        const link = pulling ? "up" : idleBefore.has(p.id) ? "down" : "unknown";
        if (pulling) idleBefore.delete(p.id);
        else idleBefore.add(p.id);
        const backlog = info.num_pending + info.num_ack_pending;
        let oldestWaitingMs: number | null = null;
        if (backlog > 0) {
          const oldest = await jsm.streams.getMessage(Streams.DELIVERY, { seq: info.ack_floor.stream_seq + 1 }).catch(() => null);
          // The message right after the ack floor is this platform's oldest waiting claim when it is on
          // the platform's subject; otherwise (another platform's message there) the age is not known.
          if (oldest !== null && oldest.subject === Subjects.delivery(p.id)) oldestWaitingMs = Math.max(0, Date.now() - oldest.time.getTime());
        }
        return { id: p.id, name: p.name, link, backlog, oldestWaitingMs };
      }),
    );
  };
}

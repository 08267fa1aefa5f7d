import type { PlatformTile } from "./platform-tiles.js";

/** Platform tiles as last sampled, and when. */
export interface TilesSample {
  readonly tiles: PlatformTile[];
  readonly sampledAtMs: number;
}

/**
 * Serves the tiles from the last sample, so an overview request does no NATS round trip of its
 * own (31 consumer reads take long while the hub is saturated): the first call waits for a sample;
 * later calls answer the last one at once and, when it is older than `maxAgeMs`, start one new
 * sample in the background (one at a time). A failed sample keeps the previous one (its time
 * tells its age) and is reported to `onError`.
 */
export function createCachedTiles(sample: () => Promise<PlatformTile[]>, maxAgeMs: number, onError: (err: unknown) => void): () => Promise<TilesSample> {
  let last: TilesSample | undefined;
  let running: Promise<TilesSample> | undefined;
  const refresh = (): Promise<TilesSample> => {
    running ??= sample()
      .then((tiles) => (last = { tiles, sampledAtMs: Date.now() }))
      .finally(() => (running = undefined));
    return running;
  };
  return async () => {
    if (last === undefined) return refresh();
    if (Date.now() - last.sampledAtMs >= maxAgeMs) refresh().catch(onError);
    return last;
  };
}

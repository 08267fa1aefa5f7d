import { fromJson, toJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import { provinceOf } from "@tongxing/domain";
import { openRecordBytes, personLookupKey, sealRecordBytes } from "@tongxing/privacy";

/**
 * A short list of records per insured person in the `filings` bucket (filings, family-sharing
 * bindings): key `<prefix>.<insured province>.<HMAC of psn_no>` (never the id itself nor a plain
 * hash of it), the value a JSON list sealed with the privacy key file's newest key (values stored
 * as plain JSON before are still read), changed with compare-and-set and trimmed to the newest `max`.
 */
export class PersonRecords<Desc extends DescMessage> {
  constructor(
    private readonly schema: Desc,
    /** Key prefix, e.g. "filing". */
    readonly prefix: string,
    /** Records kept per person: the oldest go once a person has more. */
    readonly max: number,
    /** The record's own id (filing_no, binding_no): a put with the same id replaces. */
    private readonly idOf: (record: MessageShape<Desc>) => string,
  ) {}

  key(insuplcAdmdvs: string, psnNo: string): string {
    return `${this.prefix}.${provinceOf(insuplcAdmdvs)}.${personLookupKey(psnNo, this.prefix)}`;
  }

  /** The person's records (empty when none). */
  async list(kv: KV, insuplcAdmdvs: string, psnNo: string): Promise<MessageShape<Desc>[]> {
    const e = await kv.get(this.key(insuplcAdmdvs, psnNo));
    return e === null || e.operation !== "PUT" ? [] : this.decode(e.value);
  }

  /** Adds or replaces (by id) a record; resolves with the person's list after the change. */
  put(kv: KV, insuplcAdmdvs: string, psnNo: string, record: MessageShape<Desc>): Promise<MessageShape<Desc>[]> {
    const id = this.idOf(record);
    return this.update(kv, insuplcAdmdvs, psnNo, (list) => [...list.filter((r) => this.idOf(r) !== id), record]);
  }

  /** Removes a record by id; resolves with whether it existed. */
  async remove(kv: KV, insuplcAdmdvs: string, psnNo: string, id: string): Promise<boolean> {
    let existed = false;
    await this.update(kv, insuplcAdmdvs, psnNo, (list) => {
      existed = list.some((r) => this.idOf(r) === id);
      return list.filter((r) => this.idOf(r) !== id);
    });
    return existed;
  }

  /** Applies `change` with compare-and-set, reading again when another write won. */
  private async update(kv: KV, insuplcAdmdvs: string, psnNo: string, change: (list: MessageShape<Desc>[]) => MessageShape<Desc>[]): Promise<MessageShape<Desc>[]> {
    const key = this.key(insuplcAdmdvs, psnNo);
    for (let attempt = 0; attempt < 10; attempt++) {
      const e = await kv.get(key);
      const exists = e !== null && e.operation === "PUT";
      const next = change(exists ? this.decode(e.value) : []).slice(-this.max);
      try {
        if (exists) await kv.update(key, this.encode(next), e.revision);
        else await kv.create(key, this.encode(next));
        return next;
      } catch {
        // another writer got there first: read again
      }
    }
    throw new Error(`${this.prefix} store contended`);
  }

  private decode(bytes: Uint8Array): MessageShape<Desc>[] {
    return (JSON.parse(new TextDecoder().decode(openRecordBytes(bytes, this.prefix))) as JsonValue[]).map((j) => fromJson(this.schema, j));
  }

  private encode(list: readonly MessageShape<Desc>[]): Uint8Array {
    return sealRecordBytes(new TextEncoder().encode(JSON.stringify(list.map((r) => toJson(this.schema, r)))), this.prefix);
  }
}

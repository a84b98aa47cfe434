// JSON documents of restJson1 bodies: the awsJson value rules (timestamps in epoch seconds
// unless a format is given, blobs in base64, non-finite floats as texts), plus jsonName,
// which restJson1 honours and awsJson ignores.
import { type Decoder, type Encoder, JsonCodec } from "../aws-json/codec.ts";
import type { TimestampFormat } from "../../schema.ts";

type Rec = Record<string, unknown>;

export class RestJsonCodec extends JsonCodec {
  protected override buildDecoder(key: string, tsFormat: TimestampFormat | undefined): Decoder {
    const s = this.shape(key);
    const members = s.members ?? {};
    if ((s.type !== "structure" && s.type !== "union") || !Object.values(members).some((m) => m.jsonName)) {
      return super.buildDecoder(key, tsFormat);
    }
    // wire name -> member name; the plain decoder then reads the renamed document
    const rename = new Map(Object.entries(members).map(([name, m]) => [m.jsonName ?? name, name]));
    const plain = super.buildDecoder(key, tsFormat);
    return (v) => {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return plain(v);
      const renamed: Rec = {};
      for (const k in v as Rec) {
        const name = rename.get(k);
        if (name !== undefined) renamed[name] = (v as Rec)[k];
      }
      return plain(renamed);
    };
  }

  protected override buildEncoder(key: string, tsFormat: TimestampFormat | undefined): Encoder {
    const s = this.shape(key);
    const members = s.members ?? {};
    const plain = super.buildEncoder(key, tsFormat);
    if ((s.type !== "structure" && s.type !== "union") || !Object.values(members).some((m) => m.jsonName)) return plain;
    const wire = new Map(Object.entries(members).map(([name, m]) => [name, m.jsonName ?? name]));
    return (v) => {
      const doc = plain(v) as Rec;
      const out: Rec = {};
      for (const k in doc) out[wire.get(k) ?? k] = doc[k];
      return out;
    };
  }
}

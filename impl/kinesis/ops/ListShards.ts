import type { KinesisHandlers, ShardFilter } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { NEXT_TOKEN_TTL_MS, openToken, sealToken } from "../tokens.ts";
import { liveFrom, normalizeShardId, openAt, requireReadable, shardView, trimHorizon, visibleShards } from "../shards.ts";
import type { Shard, Stream } from "../state.ts";

/** AWS's default and largest page */
const PAGE = 1000;

/** What a NextToken carries: the stream, where the last page ended, the filter, when it was issued. */
interface Token {
  n: string;
  c: number;
  a: number;
  f?: { y: ShardFilter["Type"]; i?: string; ts?: number };
  t: number;
}

const encodeToken = (t: Token): string => sealToken(t);

function decodeToken(text: string): Token | undefined {
  const t = openToken(text) as Partial<Token> | undefined;
  if (!t || typeof t.n !== "string" || typeof t.c !== "number" || typeof t.a !== "number" || typeof t.t !== "number") return undefined;
  return t as Token;
}

/** Whether a shard passes a filter, given the stream and now. */
function filterOf(stream: Stream, f: NonNullable<Token["f"]>, now: number): (s: Shard) => boolean {
  switch (f.y) {
    case "AFTER_SHARD_ID": {
      const after = normalizeShardId(f.i!)?.index ?? -1;
      const horizon = now - stream.retentionHours * 3_600_000;
      return (s) => s.index > after && liveFrom(s, horizon);
    }
    case "AT_TRIM_HORIZON": {
      const t = trimHorizon(stream, now);
      return (s) => openAt(s, t);
    }
    case "FROM_TRIM_HORIZON": {
      const t = trimHorizon(stream, now);
      return (s) => liveFrom(s, t);
    }
    case "AT_LATEST":
      return (s) => !s.closed;
    case "AT_TIMESTAMP": {
      const t = Math.max(f.ts!, stream.createdAt);
      return (s) => openAt(s, t);
    }
    case "FROM_TIMESTAMP": {
      const t = Math.max(f.ts!, stream.createdAt);
      return (s) => liveFrom(s, t);
    }
  }
}

export const ListShards =
  (k: Kinesis): KinesisHandlers["ListShards"] =>
  async (input, ctx) => {
    const now = ctx.clock.now();
    const account = ctx.account;
    let stream: Stream;
    let after: number;
    let filter: Token["f"];
    if (input.NextToken !== undefined) {
      // the token names the stream and the listing; nothing else may
      if (input.StreamName !== undefined) throw new errors.InvalidArgumentException(messages.notTogether("NextToken", "StreamName"));
      if (input.StreamARN !== undefined) throw new errors.InvalidArgumentException(messages.notTogether("NextToken", "StreamARN"));
      if (input.ExclusiveStartShardId !== undefined) throw new errors.InvalidArgumentException(messages.notTogether("NextToken", "ExclusiveStartShardId"));
      if (input.ShardFilter !== undefined) throw new errors.InvalidArgumentException(messages.notTogether("NextToken", "ShardFilter"));
      if (input.StreamCreationTimestamp !== undefined) throw new errors.InvalidArgumentException(messages.notTogether("NextToken", "StreamCreationTimestamp"));
      const token = decodeToken(input.NextToken);
      if (!token) throw new errors.InvalidArgumentException(messages.badNextToken());
      if (now - token.t > NEXT_TOKEN_TTL_MS) throw new errors.ExpiredNextTokenException(messages.expiredNextToken());
      const found = k.state(ctx).streams.get(token.n);
      if (!found || found.createdAt !== token.c) throw new errors.ResourceNotFoundException(messages.streamNotFound(token.n, account));
      stream = found;
      after = token.a;
      filter = token.f;
    } else {
      if (input.StreamName === undefined && input.StreamARN === undefined) throw new errors.InvalidArgumentException(messages.listShardsNeedsStream());
      stream = k.stream(ctx, input);
      if (input.StreamCreationTimestamp !== undefined && Math.floor(input.StreamCreationTimestamp.getTime() / 1000) !== Math.floor(stream.createdAt / 1000)) {
        throw new errors.ResourceNotFoundException(messages.streamNotFound(stream.name, account));
      }
      after = input.ExclusiveStartShardId !== undefined ? (normalizeShardId(input.ExclusiveStartShardId)?.index ?? -1) : -1;
      const f = input.ShardFilter;
      if (f) {
        if (f.Type === "AFTER_SHARD_ID") {
          if (f.ShardId === undefined) throw new errors.InvalidArgumentException(messages.shardFilterNeedsShardId(f.Type));
        } else if (f.ShardId !== undefined) throw new errors.InvalidArgumentException(messages.shardFilterExtra("ShardId", f.Type));
        if (f.Type === "AT_TIMESTAMP" || f.Type === "FROM_TIMESTAMP") {
          if (f.Timestamp === undefined) throw new errors.InvalidArgumentException(messages.shardFilterNeedsTimestamp(f.Type));
        } else if (f.Timestamp !== undefined) throw new errors.InvalidArgumentException(messages.shardFilterExtra("Timestamp", f.Type));
        filter = { y: f.Type, i: f.ShardId, ts: f.Timestamp?.getTime() };
      }
    }
    requireReadable(stream, account);
    stream.trim(now);
    const pass = filter ? filterOf(stream, filter, now) : undefined;
    const candidates = (pass ? stream.shards.filter(pass) : visibleShards(stream, now)).filter((s) => s.index > after);
    const max = Math.min(input.MaxResults ?? PAGE, PAGE);
    const page = candidates.slice(0, max);
    const more = candidates.length > page.length;
    return {
      Shards: page.map(shardView),
      NextToken: more ? encodeToken({ n: stream.name, c: stream.createdAt, a: page[page.length - 1].index, f: filter, t: now }) : undefined,
    };
  };

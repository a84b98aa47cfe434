import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { NEXT_TOKEN_TTL_MS, openToken, sealToken } from "../tokens.ts";
import type { Consumer } from "../state.ts";

/** AWS's default page size. */
const DEFAULT_MAX_RESULTS = 100;

interface Token {
  /** the stream's ARN and creation time: a token of another stream, or of a stream since re-created, is refused */
  s: string;
  c: number;
  /** the last consumer listed: its creation time and name */
  t: number;
  n: string;
  /** when the token was made (clock ms) */
  i: number;
}

const order = (a: { t: number; n: string }, b: { t: number; n: string }) => a.t - b.t || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0);
const key = (c: Consumer) => ({ t: c.createdAt, n: c.name });

function decode(text: string): Token | undefined {
  const v = openToken(text) as Partial<Token> | undefined;
  if (!v || typeof v.s !== "string" || typeof v.n !== "string" || ![v.c, v.t, v.i].every(Number.isFinite)) return undefined;
  return v as Token;
}

/** The stream's consumers in registration order, a page at a time. */
export const ListStreamConsumers =
  (k: Kinesis): KinesisHandlers["ListStreamConsumers"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, { StreamARN: input.StreamARN });
    if (
      input.StreamCreationTimestamp !== undefined &&
      Math.floor(input.StreamCreationTimestamp.getTime() / 1000) !== Math.floor(stream.createdAt / 1000)
    ) {
      throw new errors.ResourceNotFoundException(messages.streamNotFound(stream.name, k.state(ctx).account));
    }
    const now = ctx.clock.now();
    let after: { t: number; n: string } | undefined;
    if (input.NextToken !== undefined) {
      const token = decode(input.NextToken);
      if (!token || token.s !== stream.arn || token.c !== stream.createdAt) {
        throw new errors.InvalidArgumentException(messages.badListConsumersToken());
      }
      if (now - token.i > NEXT_TOKEN_TTL_MS) throw new errors.ExpiredNextTokenException(messages.expiredListConsumersToken());
      after = { t: token.t, n: token.n };
    }
    const max = input.MaxResults ?? DEFAULT_MAX_RESULTS;
    const all = [...stream.consumers.values()].sort((a, b) => order(key(a), key(b)));
    const rest = after ? all.filter((c) => order(key(c), after) > 0) : all;
    const page = rest.slice(0, max);
    const last = page.at(-1);
    const more = rest.length > page.length && last !== undefined;
    const next: Token | undefined = more ? { s: stream.arn, c: stream.createdAt, t: last.createdAt, n: last.name, i: now } : undefined;
    return {
      Consumers: page.map((c) => ({
        ConsumerName: c.name,
        ConsumerARN: c.arn,
        ConsumerStatus: c.status,
        ConsumerCreationTimestamp: new Date(c.createdAt),
      })),
      ...(next ? { NextToken: sealToken(next) } : {}),
    };
  };

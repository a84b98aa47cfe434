import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";
import { openToken, sealToken } from "../tokens.ts";

/** AWS's default and largest page */
const PAGE = 100;

const encodeToken = (last: string): string => sealToken({ l: last });

function decodeToken(text: string): string | undefined {
  const t = openToken(text);
  return typeof t?.l === "string" ? t.l : undefined;
}

export const ListStreams =
  (k: Kinesis): KinesisHandlers["ListStreams"] =>
  async (input, ctx) => {
    let after = input.ExclusiveStartStreamName;
    if (input.NextToken !== undefined) {
      const last = decodeToken(input.NextToken);
      if (last === undefined) throw new errors.InvalidArgumentException(messages.listStreamsBadToken());
      after = last;
    }
    const all = [...k.state(ctx).streams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rest = after === undefined ? all : all.filter((s) => s.name > after!);
    const page = rest.slice(0, Math.min(input.Limit ?? PAGE, PAGE));
    const more = rest.length > page.length;
    return {
      StreamNames: page.map((s) => s.name),
      HasMoreStreams: more,
      NextToken: more ? encodeToken(page[page.length - 1].name) : undefined,
      StreamSummaries: page.map((s) => ({
        StreamName: s.name,
        StreamARN: s.arn,
        StreamStatus: s.status,
        StreamModeDetails: { StreamMode: s.mode },
        StreamCreationTimestamp: new Date(s.createdAt),
      })),
    };
  };

// Kinesis Data Streams: every operation's behaviour, over one state per account and region.
import type { KinesisHandlers } from "../../generated/kinesis/index.ts";
import type { ServiceEnv } from "../../runtime/types.ts";
import { Kinesis } from "./service.ts";
// streams, shards, records, iterators
import { CreateStream } from "./ops/CreateStream.ts";
// end of streams, shards, records, iterators
// consumers, subscriptions, tags, encryption, monitoring, policies
// end of consumers, subscriptions, tags, encryption, monitoring, policies

export default function kinesis(env: ServiceEnv): Partial<KinesisHandlers> {
  const k = new Kinesis(env);
  return {
    // streams, shards, records, iterators
    CreateStream: CreateStream(k),
    // end of streams, shards, records, iterators
    // consumers, subscriptions, tags, encryption, monitoring, policies
    // end of consumers, subscriptions, tags, encryption, monitoring, policies
  };
}

// Kinesis Data Streams: every operation's behaviour, over one state per account and region.
import type { KinesisHandlers } from "../../generated/kinesis/index.ts";
import type { ServiceEnv } from "../../runtime/types.ts";
import { Kinesis } from "./service.ts";
// streams, shards, records, iterators
import { CreateStream } from "./ops/CreateStream.ts";
import { PutRecord } from "./ops/PutRecord.ts";
import { PutRecords } from "./ops/PutRecords.ts";
import { DeleteStream } from "./ops/DeleteStream.ts";
import { DescribeStream } from "./ops/DescribeStream.ts";
import { DescribeStreamSummary } from "./ops/DescribeStreamSummary.ts";
import { ListStreams } from "./ops/ListStreams.ts";
import { ListShards } from "./ops/ListShards.ts";
import { GetShardIterator } from "./ops/GetShardIterator.ts";
import { GetRecords } from "./ops/GetRecords.ts";
import { IncreaseStreamRetentionPeriod } from "./ops/IncreaseStreamRetentionPeriod.ts";
import { DecreaseStreamRetentionPeriod } from "./ops/DecreaseStreamRetentionPeriod.ts";
import { SplitShard } from "./ops/SplitShard.ts";
import { MergeShards } from "./ops/MergeShards.ts";
import { UpdateShardCount } from "./ops/UpdateShardCount.ts";
import { UpdateStreamMode } from "./ops/UpdateStreamMode.ts";
import { DescribeLimits } from "./ops/DescribeLimits.ts";
// end of streams, shards, records, iterators
// consumers, subscriptions, tags, encryption, monitoring, policies
import { RegisterStreamConsumer } from "./ops/RegisterStreamConsumer.ts";
import { DescribeStreamConsumer } from "./ops/DescribeStreamConsumer.ts";
import { ListStreamConsumers } from "./ops/ListStreamConsumers.ts";
import { DeregisterStreamConsumer } from "./ops/DeregisterStreamConsumer.ts";
import { SubscribeToShard } from "./ops/SubscribeToShard.ts";
import { AddTagsToStream } from "./ops/AddTagsToStream.ts";
import { RemoveTagsFromStream } from "./ops/RemoveTagsFromStream.ts";
import { ListTagsForStream } from "./ops/ListTagsForStream.ts";
import { TagResource } from "./ops/TagResource.ts";
import { UntagResource } from "./ops/UntagResource.ts";
import { ListTagsForResource } from "./ops/ListTagsForResource.ts";
import { StartStreamEncryption } from "./ops/StartStreamEncryption.ts";
import { StopStreamEncryption } from "./ops/StopStreamEncryption.ts";
import { EnableEnhancedMonitoring } from "./ops/EnableEnhancedMonitoring.ts";
import { DisableEnhancedMonitoring } from "./ops/DisableEnhancedMonitoring.ts";
import { PutResourcePolicy } from "./ops/PutResourcePolicy.ts";
import { GetResourcePolicy } from "./ops/GetResourcePolicy.ts";
import { DeleteResourcePolicy } from "./ops/DeleteResourcePolicy.ts";
// end of consumers, subscriptions, tags, encryption, monitoring, policies

export default function kinesis(env: ServiceEnv): Partial<KinesisHandlers> {
  const k = new Kinesis(env);
  return {
    // streams, shards, records, iterators
    CreateStream: CreateStream(k),
    PutRecord: PutRecord(k),
    PutRecords: PutRecords(k),
    DeleteStream: DeleteStream(k),
    DescribeStream: DescribeStream(k),
    DescribeStreamSummary: DescribeStreamSummary(k),
    ListStreams: ListStreams(k),
    ListShards: ListShards(k),
    GetShardIterator: GetShardIterator(k),
    GetRecords: GetRecords(k),
    IncreaseStreamRetentionPeriod: IncreaseStreamRetentionPeriod(k),
    DecreaseStreamRetentionPeriod: DecreaseStreamRetentionPeriod(k),
    SplitShard: SplitShard(k),
    MergeShards: MergeShards(k),
    UpdateShardCount: UpdateShardCount(k),
    UpdateStreamMode: UpdateStreamMode(k),
    DescribeLimits: DescribeLimits(k),
    // end of streams, shards, records, iterators
    // consumers, subscriptions, tags, encryption, monitoring, policies
    RegisterStreamConsumer: RegisterStreamConsumer(k),
    DescribeStreamConsumer: DescribeStreamConsumer(k),
    ListStreamConsumers: ListStreamConsumers(k),
    DeregisterStreamConsumer: DeregisterStreamConsumer(k),
    SubscribeToShard: SubscribeToShard(k),
    AddTagsToStream: AddTagsToStream(k),
    RemoveTagsFromStream: RemoveTagsFromStream(k),
    ListTagsForStream: ListTagsForStream(k),
    TagResource: TagResource(k),
    UntagResource: UntagResource(k),
    ListTagsForResource: ListTagsForResource(k),
    StartStreamEncryption: StartStreamEncryption(k),
    StopStreamEncryption: StopStreamEncryption(k),
    EnableEnhancedMonitoring: EnableEnhancedMonitoring(k),
    DisableEnhancedMonitoring: DisableEnhancedMonitoring(k),
    PutResourcePolicy: PutResourcePolicy(k),
    GetResourcePolicy: GetResourcePolicy(k),
    DeleteResourcePolicy: DeleteResourcePolicy(k),
    // end of consumers, subscriptions, tags, encryption, monitoring, policies
  };
}

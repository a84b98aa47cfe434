// Kinesis's error texts, as AWS sends them (from AWS's documentation and answers quoted
// in public issues). One function per text; ops never spell a message inline.
//
// Sections: each group of operations keeps its texts under its own heading.

// --- streams ------------------------------------------------------------------------------

export const streamNotFound = (name: string, account: string) => `Stream ${name} under account ${account} not found.`;
export const streamExists = (name: string, account: string) => `Stream ${name} under account ${account} already exists.`;
// The next three are unconfirmed: no public answer of AWS quoting them was found (searched:
// GitHub issues and PRs on StreamARN support, e.g. aws/aws-sdk-js-v3#5254, which names the
// InvalidArgumentException but not its text; AWS's API reference, which only says "you must
// use either the StreamARN or the StreamName parameter, or both"; kinesis-mock, moto and
// other emulators, whose texts for these cases are their own and differ from one another).
// A StreamARN that fails the model's pattern gets the ValidationException of runtime/validate
// before any of these.
/** unconfirmed */
export const streamNameOrArnRequired = () => "Either StreamName or StreamARN should be provided.";
/** unconfirmed */
export const nameArnMismatch = (name: string, arn: string) => `StreamName ${name} does not match the stream of StreamARN ${arn}.`;
/** unconfirmed (reached only by an ARN the model's pattern accepts but no stream can have, e.g. a name outside [a-zA-Z0-9_.-]) */
export const badStreamArn = (arn: string) => `${arn} is not a valid stream ARN.`;
export const shardCountRequired = () => "ShardCount is required for a stream in PROVISIONED mode.";
export const shardLimit = (account: string, region: string, current: number, limit: number, more: number) =>
  `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current}. Limit: ${limit}. Number of additional shards that would have resulted from this request: ${more}. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`;
/** control-plane changes (resharding, retention, mode) of a stream that is not ACTIVE */
export const streamNotActive = (name: string, account: string, status: string) =>
  `Stream ${name} under account ${account} not ACTIVE, instead in state ${status}`;
/** data-plane calls (records, iterators, shard listing) on a stream being created or deleted */
export const streamNotReadable = (name: string, account: string, status: string) =>
  `Stream ${name} under account ${account} not ACTIVE or UPDATING, instead in state ${status}`;
export const streamBeingCreated = (name: string) => `Attempt to change a resource which is still in use: Stream is being created: ${name}`;
/** AWS writes a typographic apostrophe here (CloudFormation event logs show it as "can?t") */
export const streamHasConsumers = (name: string, account: string) =>
  `DeleteStream can\u2019t delete ${account}:${name} because there are consumers associated with this data stream. To delete ${name} anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`;
export const retentionTooShort = (hours: number) =>
  `Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`;
export const retentionTooLong = (hours: number) =>
  `Maximum allowed retention period is 8760 hours. Requested retention period (${hours} hours) is too long.`;
export const retentionNotLonger = (name: string, hours: number, current: number) =>
  `Requested retention period (${hours} hours) for stream ${name} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.`;
export const retentionNotShorter = (name: string, hours: number, current: number) =>
  `Requested retention period (${hours} hours) for stream ${name} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.`;
export const listStreamsBadToken = () => "The NextToken is not valid.";
export const onDemandStreamLimit = (limit: number) =>
  `This request would exceed the limit of ${limit} on-demand streams for the account.`;

// --- shards, records, iterators ----------------------------------------------------------

export const badExplicitHashKey = (key: string) =>
  `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${key}`;
export const badSequenceForOrdering = (seq: string, name: string, account: string) =>
  `ExclusiveMinimumSequenceNumber ${seq} used in PutRecord on stream ${name} under account ${account} is invalid.`;
export const recordTooLarge = (size: number, max: number) =>
  `Record size ${size} bytes (data plus partition key) exceeds the maximum record size of ${max} bytes.`;
export const recordsTooLarge = () => "Records size exceeds 5 MB limit";
export const rateExceeded = (shardId: string, name: string, account: string) =>
  `Rate exceeded for shard ${shardId} in stream ${name} under account ${account}.`;
export const shardNotFound = (shardId: string, name: string, account: string) =>
  `Could not find shard ${shardId} in stream ${name} under account ${account}.`;
export const shardDoesNotExist = (shardId: string, name: string, account: string) =>
  `Shard ${shardId} in stream ${name} under account ${account} does not exist`;
export const iteratorTypeMismatch = (type: string, hasSequence: boolean) =>
  `Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type} and ${hasSequence ? "also a" : "no"} StartingSequenceNumber.`;
export const badStartingSequence = (seq: string, shardId: string, name: string, account: string) =>
  `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${name} under account ${account} is invalid.`;
export const sequenceOfOtherShard = (encoded: string, shardId: string) =>
  `Invalid StartingSequenceNumber. It encodes ${encoded}, while it was used in a call to a shard with ${shardId}`;
export const timestampRequired = () =>
  "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.";
export const timestampInFuture = (ts: number, now: number) =>
  `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${ts}, currentTimestampInMillis: ${now}`;
export const badShardIterator = () => "Invalid ShardIterator.";
export const iteratorExpired = (created: string, now: string) =>
  `Iterator expired. The iterator was created at time ${created} while right now it is ${now} which is further in the future than the tolerated delay of 300000 milliseconds.`;
export const iteratorOfOtherStream = (arn: string) => `The ShardIterator does not belong to the stream ${arn}.`;
export const listShardsNeedsStream = () => "Either NextToken or StreamName should be provided.";
export const notTogether = (a: string, b: string) => `${a} and ${b} cannot be provided together.`;
export const badNextToken = () => "Invalid NextToken.";
export const expiredNextToken = () => "The timestamp of the NextToken has expired. Please retry the request without the NextToken.";
export const shardFilterNeedsShardId = (type: string) => `ShardId must be specified for ShardFilter type ${type}.`;
export const shardFilterNeedsTimestamp = (type: string) => `Timestamp must be specified for ShardFilter type ${type}.`;
export const shardFilterExtra = (member: string, type: string) => `${member} cannot be specified for ShardFilter type ${type}.`;
export const badSplitKey = (key: string, shardId: string, name: string, account: string, start: string, end: string) =>
  `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId} in stream ${name} under account ${account} is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`;
export const shardClosed = (shardId: string, name: string, account: string) =>
  `Shard ${shardId} in stream ${name} under account ${account} has already been merged or split, and thus is not eligible for merging or splitting.`;
export const notAdjacent = (a: string, b: string, name: string, account: string) =>
  `Shards ${a} and ${b} in stream ${name} under account ${account} are not an adjacent pair of shards eligible for merging`;
export const scaleUpTooFar = (open: number, target: number) =>
  `UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${open}, Target shard count: ${target}`;
export const scaleDownTooFar = (open: number, target: number) =>
  `UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${open}, Target shard count: ${target}`;
export const scaleOverLimit = (limit: number, open: number, target: number) =>
  `Target shard count or number of open shards cannot be greater than ${limit}. Current open shard count: ${open}, Target shard count: ${target}`;
export const provisionedOnly = (operation: string, name: string) =>
  `${operation} is not supported for stream ${name} in ON_DEMAND mode; switch it to PROVISIONED mode first.`;

// --- consumers, subscriptions ------------------------------------------------------------
// Sources: [KHS] awslabs/kinesis-hot-shard-advisor#37 (SubscribeToShard's answer, 2024);
// [CFN] aws-cloudformation/cloudformation-coverage-roadmap#2442 (PutResourcePolicy on a
// consumer, 2025); [KUM] daangn/kinesumer#16 and #19 (SubscribeToShard, 2022-23); [moto]
// getmoto/moto's Kinesis backend. Texts marked "unconfirmed" follow AWS's wording style but
// no public answer quoting them was found.

/** [moto] */
export const consumerNotFound = (consumer: string, account: string) => `Consumer ${consumer}, account ${account} not found.`;
/** unconfirmed */
export const consumerExists = (name: string, stream: string, account: string) =>
  `Consumer ${name} under stream ${stream} and account ${account} already exists.`;
/** unconfirmed (the limit of 20 is AWS's documented one) */
export const consumerLimit = (stream: string, account: string, limit: number) =>
  `Consumer limit of ${limit} reached for stream ${stream} under account ${account}.`;
/** unconfirmed (the limit of 5 CREATING at once is AWS's documented one) */
export const consumersCreatingLimit = (stream: string, account: string, limit: number) =>
  `Only ${limit} consumers can be in CREATING status at the same time for stream ${stream} under account ${account}.`;
/** [KHS]: SubscribeToShard with a consumer that is not ACTIVE (AWS's spacing and commas) */
export const consumerNotActiveToSubscribe = (name: string, seconds: number, stream: string, account: string) =>
  `Consumer ${name} with creation timestamp ${seconds} under stream: ${stream} , account ${account} is not in ACTIVE status.`;
/** [CFN]: the other operations on a consumer that is not ACTIVE */
export const consumerNotActive = (name: string, seconds: number, stream: string, account: string) =>
  `Consumer ${name} with creation timestamp ${seconds} under stream ${stream} and account ${account} is not in ACTIVE status.`;
/** unconfirmed */
export const consumerIdRequired = () => "Either ConsumerARN or both StreamARN and ConsumerName must be provided.";
/** unconfirmed */
export const badConsumerArn = (arn: string) => `${arn} is not a valid consumer ARN.`;
/** unconfirmed */
export const consumerOfOtherStream = (consumerArn: string, streamArn: string) =>
  `Consumer ${consumerArn} is not registered with stream ${streamArn}.`;
/** unconfirmed */
export const consumerNameArnMismatch = (name: string, arn: string) => `ConsumerName ${name} does not match the consumer of ConsumerARN ${arn}.`;
/** [KUM]: a second SubscribeToShard within 5 s, and the end of a subscription another one took over */
export const activeSubscription = () => "Another active subscription exists for this consumer";
/** unconfirmed */
export const subscribeSequenceRequired = (type: string) => `StartingPosition.SequenceNumber must be specified for a StartingPosition of type ${type}.`;
/** unconfirmed */
export const subscribeSequenceNotAllowed = (type: string) => `StartingPosition.SequenceNumber cannot be specified for a StartingPosition of type ${type}.`;
/** unconfirmed */
export const subscribeTimestampRequired = () => "StartingPosition.Timestamp must be specified for a StartingPosition of type AT_TIMESTAMP.";
/** unconfirmed */
export const subscribeBadSequence = (seq: string, shardId: string, stream: string, account: string) =>
  `StartingSequenceNumber ${seq} used in SubscribeToShard on shard ${shardId} in stream ${stream} under account ${account} is invalid.`;
/** unconfirmed */
export const badListConsumersToken = () => "Invalid NextToken.";
/** unconfirmed */
export const expiredListConsumersToken = () => "The NextToken has expired. Please retry the request without the NextToken.";

// --- tags, encryption, monitoring, policies, limits --------------------------------------
// Sources: [KL] mhart/kinesalite, whose texts were taken from AWS's answers (its 50-tag
// text says "10": AWS's own text said 10 while the limit was 50, kinesalite#54; this one
// says 50); [RW] risingwavelabs/risingwave#7453 and awslabs/amazon-kinesis-client#1521
// (GetRecords, 2023 and 2025); [moto] getmoto/moto.

/** [KL], with the current limit */
export const tooManyStreamTags = (stream: string, account: string, limit: number) =>
  `Failed to add tags to stream ${stream} under account ${account} because a given stream cannot have more than ${limit} tags associated with it.`;
/** unconfirmed (TagResource / RegisterStreamConsumer over the limit) */
export const tooManyResourceTags = (arn: string, limit: number) =>
  `Failed to add tags to resource ${arn} because a given resource cannot have more than ${limit} tags associated with it.`;
/** [KL] */
export const tagsBadCharacters = () =>
  "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @ :.";
/** [KL] */
export const addTagsPercent = (stream: string, account: string) =>
  `Failed to add tags to stream ${stream} under account ${account} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.`;
/** [KL] */
export const removeTagsPercent = (stream: string, account: string) =>
  `Failed to remove tags from stream ${stream} under account ${account} because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@',':'.`;
/** unconfirmed */
export const badResourceArn = (arn: string) => `${arn} is not a valid stream or consumer ARN.`;
/** unconfirmed */
export const encryptionTypeNone = () => "EncryptionType NONE cannot be used to start stream encryption; use KMS.";
/** unconfirmed */
export const badPolicy = () => "The resource policy is not a valid JSON document.";
/** [moto] */
export const noResourcePolicy = (arn: string) => `No resource policy found for resource ARN ${arn}.`;
/** [RW]: GetRecords over 5 calls or 2 MiB a second on a shard (writes: rateExceeded above) */
export const readRateExceeded = (account: string, stream: string, shardId: string) =>
  `Rate exceeded for Shard - ${account}/${stream}/${shardId}`;

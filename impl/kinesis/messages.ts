// Kinesis's error texts, as AWS sends them (from AWS's documentation and answers quoted
// in public issues). One function per text; ops never spell a message inline.
//
// Sections: each group of operations keeps its texts under its own heading.

// --- streams ------------------------------------------------------------------------------

export const streamNotFound = (name: string, account: string) => `Stream ${name} under account ${account} not found.`;
export const streamExists = (name: string, account: string) => `Stream ${name} under account ${account} already exists.`;
export const streamNameOrArnRequired = () => "Either StreamName or StreamARN should be provided.";
export const nameArnMismatch = (name: string, arn: string) => `StreamName ${name} does not match the stream of StreamARN ${arn}.`;
export const badStreamArn = (arn: string) => `${arn} is not a valid stream ARN.`;
export const shardCountRequired = () => "ShardCount is required for a stream in PROVISIONED mode.";
export const shardLimit = (account: string, region: string, current: number, limit: number, more: number) =>
  `This request would exceed the shard limit for the account ${account} in ${region}. Current shard count for the account: ${current}. Limit: ${limit}. Number of additional shards that would have resulted from this request: ${more}. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`;

// --- shards, records, iterators ----------------------------------------------------------

// --- consumers, subscriptions ------------------------------------------------------------

// --- tags, encryption, monitoring, policies, limits --------------------------------------

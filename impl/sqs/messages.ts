// SQS's error texts, as AWS sends them over the JSON protocol. Sources: answers recorded
// against AWS and published in public test suites and issues, and AWS's documentation.
// Texts marked "unconfirmed" follow AWS's wording for the neighbouring cases but were
// not found verbatim in a public source. One function per text; ops never spell one inline.

// --- queues -------------------------------------------------------------------------------

export const queueDoesNotExist = () => "The specified queue does not exist.";
export const badQueueName = () => "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length";
export const badFifoQueueName = () =>
  "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.";
export const queueExistsWithOtherAttribute = (name: string) =>
  `A queue already exists with the same name and a different value for attribute ${name}`;
export const purgeInProgress = (queue: string) => `Only one PurgeQueue operation on ${queue} is allowed every 60 seconds.`;
export const queueDeletedRecently = () => "You must wait 60 seconds after deleting a queue before you can create another with the same name.";

// --- queue attributes -----------------------------------------------------------------------

export const unknownAttribute = (name: string) => `Unknown Attribute ${name}.`;
export const invalidAttributeValue = (name: string) => `Invalid value for the parameter ${name}.`;
export const modifyingQueueType = () => "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.";
export const fifoOnlyAttribute = (name: string) => `You can specify the ${name} only when FifoQueue is set to true.`;
export const sseExclusive = () =>
  "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.";
export const redriveBadTarget = (raw: string) =>
  `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`;
/** unconfirmed */
export const redriveTargetMissing = (raw: string) =>
  `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`;
/** unconfirmed */
export const redriveBadMaxReceiveCount = (raw: string, value: unknown) =>
  `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${String(value)}, valid values are from 1 to 1000 both inclusive.`;
/** unconfirmed */
export const redriveNotJson = (raw: string) => `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.`;
/** unconfirmed */
export const redriveTypeMismatch = (raw: string) =>
  `Value ${raw} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.`;
/** unconfirmed */
export const redriveAllowInvalid = (raw: string, reason: string) =>
  `Value ${raw} for parameter RedriveAllowPolicy is invalid. Reason: ${reason}`;
/** unconfirmed */
export const policyNotJson = () => "Invalid value for the parameter Policy.";

// --- messages -------------------------------------------------------------------------------

export const messageTooLong = (max: number) => `One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`;
export const emptyBody = () => "The request must contain the parameter MessageBody.";
/** unconfirmed */
export const invalidBodyCharacters = () =>
  "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";
export const emptyStringAttribute = (name: string, type: string) =>
  `Message (user) attribute '${name}' must contain a non-empty value of type '${type}'.`;
/** unconfirmed */
export const attributeNameInvalid = (name: string) =>
  `Message (user) attribute name '${name}' is invalid. Attribute names can only contain upper and lower case characters, digits, periods, hyphens and underscores, cannot start or end with a period, cannot contain consecutive periods and cannot start with 'AWS.' or 'Amazon.'.`;
/** unconfirmed */
export const attributeTypeInvalid = (name: string, type: string) =>
  `Message (user) attribute '${name}' has an invalid data type '${type}'. Data types must start with 'String', 'Number' or 'Binary'.`;
/** unconfirmed */
export const attributeNotNumber = (name: string) => `Can't cast the value of message (user) attribute '${name}' to a number.`;
/** unconfirmed */
export const tooManyAttributes = (n: number) => `Number of message attributes [${n}] exceeds the allowed maximum [10].`;
/** unconfirmed */
export const systemAttributeInvalid = (name: string) => `Message system attribute '${name}' must contain a non-empty value of type 'String'.`;
/** unconfirmed */
export const delayOutOfRange = (v: number) => `Value ${v} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.`;
export const fifoPerMessageDelay = (v: number) =>
  `Value ${v} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`;
export const dedupIdOnStandard = (id: string) =>
  `Value ${id} for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.`;
export const groupIdRequired = () => "The request must contain the parameter MessageGroupId.";
export const dedupIdRequired = () =>
  "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly";
export const badFifoId = (value: string, parameter: string) =>
  `Value ${value} for parameter ${parameter} is invalid. Reason: ${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`;

// --- receiving ------------------------------------------------------------------------------

export const maxMessagesOutOfRange = (v: number) =>
  `Value ${v} for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.`;
export const waitOutOfRange = (v: number) => `Value ${v} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.`;
/** unconfirmed */
export const receiveVisibilityOutOfRange = (v: number) =>
  `Value ${v} for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.`;
export const visibilityBeyondLimit = (v: number) =>
  `Value ${v} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds].`;
export const receiptHandleInvalid = (handle: string) => `The input receipt handle "${handle}" is not a valid receipt handle.`;
export const receiptHandleExpired = (handle: string) =>
  `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`;
export const messageNotInflight = (handle: string) =>
  `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`;
/** AWS's text for an attempt id it will not retry; its use after a delete or visibility change is inferred */
export const attemptNotRetryable = (id: string) =>
  `Value ${id} for parameter ReceiveRequestAttemptId is invalid. Reason: The receiveRequestAttemptId is not valid anymore since the receive call is not retryable.`;

// --- batches --------------------------------------------------------------------------------

export const tooManyEntries = (n: number) => `Maximum number of entries per request are 10. You have sent ${n}.`;
export const badBatchEntryId = () =>
  "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.";
/** unconfirmed */
export const batchIdsNotDistinct = (id: string) => `Id ${id} repeated.`;
/** unconfirmed */
export const emptyBatch = (entry: string) => `There should be at least one ${entry} in the request.`;
export const batchTooLong = (sent: number) => `Batch requests cannot be longer than 262144 bytes. You have sent ${sent} bytes.`;

// --- permissions, tags, listing -----------------------------------------------------------

export const labelExists = (label: string) => `Value ${label} for parameter Label is invalid. Reason: Already exists.`;
export const labelNotFound = (label: string) => `Value ${label} for parameter Label is invalid. Reason: can't find label.`;
export const badActionName = (action: string) =>
  `Value SQS:${action} for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions. `;
/** unconfirmed */
export const maxResultsOutOfRange = (v: number) =>
  `Value ${v} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.`;
/** unconfirmed */
export const badNextToken = () => "Invalid NextToken value.";
/** as moto's tests (written against AWS) expect it */
export const tooManyTags = (queue: string) => `Too many tags added for queue ${queue}.`;
/** as moto's tests expect it for UntagQueue without keys */
export const tagKeyLength = () => "Tag keys must be between 1 and 128 characters in length.";
/** unconfirmed */
export const tagValueLength = () => "Tag values must be between 0 and 256 characters in length.";
/** unconfirmed */
export const tagKeyReserved = () => "Tag keys must not start with the prefix aws:, which is reserved for use by AWS.";
export const missingTags = () => "The request must contain the parameter Tags.";

// --- message move tasks ---------------------------------------------------------------------

export const sourceArnNotFound = () => "The resource that you specified for the SourceArn parameter doesn't exist.";
export const destinationArnNotFound = () => "The resource that you specified for the DestinationArn parameter doesn't exist.";
export const sourceNotDlq = () => "Source queue must be configured as a Dead Letter Queue.";
export const taskAlreadyRunning = () =>
  "There is already a task running. Only one active task is allowed for a source queue arn at a given time.";
export const badTaskHandle = () => "Value for parameter TaskHandle is invalid.";
export const taskNotFound = () => "Task does not exist.";
export const badSourceArn = () =>
  "You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>";
/** unconfirmed */
export const moveRateOutOfRange = (v: number) =>
  `Value ${v} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.`;
/** unconfirmed */
export const listTasksMaxResults = (v: number) =>
  `Value ${v} for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.`;
/** unconfirmed */
export const taskNotRunning = () => "Only active tasks can be cancelled.";

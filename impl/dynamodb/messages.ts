// DynamoDB's error texts, one function each. Texts marked "unconfirmed" were written from
// memory of DynamoDB's wording without a public capture to check them against.

const INVALID = "One or more parameter values were invalid";

// --- tables ---------------------------------------------------------------------------------
export const tableNotFound = (name: string) => `Requested resource not found: Table: ${name} not found`;
export const resourceNotFound = () => "Requested resource not found";
export const tableExists = (name: string) => `Table already exists: ${name}`;
export const tableInUse = (name: string, status: string) =>
  `Attempt to change a resource which is still in use: Table is being ${status === "CREATING" ? "created" : status === "DELETING" ? "deleted" : "updated"}: ${name}`; // unconfirmed
export const deletionProtected = (arn: string) =>
  `Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`; // unconfirmed (arn ${arn} not printed)
export const indexNotFound = (index: string, table: string) => `The table does not have the specified index: ${index}`; // table ${table}
export const firstKeyNotHash = () => "Invalid KeySchema: The first KeySchemaElement is not a HASH key type";
export const secondKeyNotRange = () => "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type";
export const keysNotDefined = (keys: string[], defs: string[]) =>
  `${INVALID}: Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${defs.join(", ")}]`;
export const attributeCountMismatch = () =>
  `${INVALID}: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`;
export const duplicateAttributeDefinition = (name: string) =>
  `Cannot have two attributes with the same name. Duplicate attribute: ${name}`; // unconfirmed
export const provisionedNeedsThroughput = () =>
  `${INVALID}: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`;
export const payPerRequestNoThroughput = () =>
  `${INVALID}: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`;
export const indexThroughputMissing = (index: string) =>
  `${INVALID}: ProvisionedThroughput must be specified for index: ${index}`; // unconfirmed
export const indexThroughputNotAllowed = (index: string) =>
  `${INVALID}: ProvisionedThroughput should not be specified for index: ${index} when BillingMode is PAY_PER_REQUEST`; // unconfirmed
export const duplicateIndexName = (name: string) => `${INVALID}: Duplicate index name: ${name}`; // unconfirmed
export const lsiNeedsRangeKey = () => `${INVALID}: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`;
export const lsiHashMismatch = (index: string) =>
  `${INVALID}: Index KeySchema does not have the same leading hash key as table KeySchema for index: ${index}. index hash key: `; // unconfirmed
export const lsiNeedsRange = (index: string) => `${INVALID}: Index KeySchema must have a range key for LocalSecondaryIndex: ${index}`; // unconfirmed
export const projectionNonKeyWithoutInclude = () =>
  `${INVALID}: ProjectionType is ALL, but NonKeyAttributes is specified`; // unconfirmed (also KEYS_ONLY)
export const projectionIncludeNeedsNonKey = () =>
  `${INVALID}: ProjectionType is INCLUDE, but NonKeyAttributes is not specified`; // unconfirmed
export const tooManyGsis = () => `${INVALID}: GlobalSecondaryIndex count exceeds the per-table limit of 20`; // unconfirmed
export const tooManyLsis = () => `${INVALID}: LocalSecondaryIndex count exceeds the per-table limit of 5`; // unconfirmed
export const nothingToUpdate = () =>
  "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required"; // unconfirmed
export const oneGsiUpdate = () => "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"; // unconfirmed
export const gsiExists = (index: string) => `${INVALID}: Index already exists: ${index}`; // unconfirmed
export const gsiNotFound = (index: string) => `Requested resource not found: Requested index ${index} not found`; // unconfirmed
export const throughputUnchanged = (table: string) =>
  `The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${table}`; // unconfirmed
export const ttlAlreadyEnabled = () => "TimeToLive is already enabled";
export const ttlAlreadyDisabled = () => "TimeToLive is already disabled";
export const ttlAttributeMismatch = (current: string) => `TimeToLive is active on a different AttributeName: current AttributeName is ${current}`;
export const ttlModifiedTooOften = () => "Time to live has been modified multiple times within a fixed interval";
export const invalidArn = (arn: string) => `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`; // unconfirmed
export const tagKeysEmpty = () => `${INVALID}: TagKeys must not be empty`; // unconfirmed
export const listTablesLimit = () => "1 validation error detected";

// --- attribute values -----------------------------------------------------------------------
export const emptyAttributeValue = () => "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
export const multipleDatatypes = () => "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
export const emptySet = (kind: "string" | "number" | "binary") => `${INVALID}: An ${kind} set  may not be empty`;
export const setDuplicates = (shown: string) => `${INVALID}: Input collection ${shown} contains duplicates.`;
export const notANumber = (text: string) => `The parameter cannot be converted to a numeric value: ${text}`; // unconfirmed
export const numberPrecision = () => "Attempting to store more than 38 significant digits in a Number";
export const numberOverflow = () => "Number overflow. Attempting to store a number with magnitude larger than supported range";
export const numberUnderflow = () => "Number underflow. Attempting to store a number with magnitude smaller than supported range";
export const nullMustBeTrue = () => `${INVALID}: Null attribute value types must have the value of true`;
export const itemTooLarge = () => "Item size has exceeded the maximum allowed size";
export const missingKey = (name: string) => `${INVALID}: Missing the key ${name} in the item`;
export const keyTypeMismatch = (name: string, expected: string, actual: string) =>
  `${INVALID}: Type mismatch for key ${name} expected: ${expected} actual: ${actual}`;
export const indexKeyTypeMismatch = (name: string, expected: string, actual: string, index: string) =>
  `${INVALID}: Type mismatch for Index Key ${name} Expected: ${expected} Actual: ${actual} IndexName: ${index}`;
export const emptyKeyString = (name: string) =>
  `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`;
export const emptyKeyBinary = (name: string) =>
  `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: ${name}`;
export const emptyIndexKeyString = (index: string, name: string) =>
  `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: ${index}, IndexKey: ${name}`;
export const keySchemaMismatch = () => "The provided key element does not match the schema";
export const keyTooLarge = (which: "hash" | "range") =>
  which === "hash"
    ? `${INVALID}: Size of hashkey has exceeded the maximum size limit of2048 bytes`
    : `${INVALID}: Aggregated size of all range keys has exceeded the size limit of 1024 bytes`;
export const cannotUpdateKey = (name: string) => `${INVALID}: Cannot update attribute ${name}. This attribute is part of the key`;
export const eavInvalid = (inner: string, key: string) => `ExpressionAttributeValues contains invalid value: ${inner} for key ${key}`;

// --- conditions, items ------------------------------------------------------------------------
export const conditionalFailed = () => "The conditional request failed";
export const returnValuesPut = () => "ReturnValues can only be ALL_OLD or NONE";
export const returnValuesDelete = () => "ReturnValues can only be ALL_OLD or NONE";
export const mixedParams = (legacy: string[], expr: string[]) =>
  `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(", ")}} Expression parameters: {${expr.join(", ")}}`;
export const eavWithoutExpressions = () => "ExpressionAttributeValues can only be specified when using expressions";
export const eanWithoutExpressions = () => "ExpressionAttributeNames can only be specified when using expressions";
export const eavEmpty = () => "ExpressionAttributeValues must not be empty";
export const eanEmpty = () => "ExpressionAttributeNames must not be empty";
export const unusedValues = (keys: string[]) => `Value provided in ExpressionAttributeValues unused in expressions: keys: {${keys.join(", ")}}`;
export const unusedNames = (keys: string[]) => `Value provided in ExpressionAttributeNames unused in expressions: keys: {${keys.join(", ")}}`;
export const conditionalOperatorWithoutMany = () =>
  `${INVALID}: ConditionalOperator can only be used when Filter or Expected has two or more elements`; // unconfirmed
export const legacyArgCount = (op: string) =>
  `${INVALID}: Invalid number of argument(s) for the ${op} ComparisonOperator`;
export const legacyExistsWithValue = () =>
  `${INVALID}: Value cannot be used when Exists is false`; // unconfirmed
export const legacyExistsNeedsValue = () =>
  `${INVALID}: Value must be provided when Exists is true`; // unconfirmed wording
export const legacyExistsAndOperator = () =>
  `${INVALID}: Exists and ComparisonOperator cannot be used together`; // unconfirmed
export const legacyBadArgType = (op: string, type: string) =>
  `${INVALID}: ComparisonOperator ${op} is not valid for ${type} AttributeValue type`;
export const attributeUpdateDeleteNumber = () => `${INVALID}: DELETE action with value is not supported for the type N`; // unconfirmed
export const attributeUpdateAddType = (type: string) =>
  `${INVALID}: ADD action is not supported for the type ${type}`; // unconfirmed
export const attributeUpdateNoValue = (action: string) => `${INVALID}: Only DELETE action is allowed when no attribute value is specified`; // unconfirmed
export const projectionDuplicate = (name: string) => `Duplicate attribute name in AttributesToGet: ${name}`; // unconfirmed

// --- query / scan ---------------------------------------------------------------------------
export const keyConditionNotSupported = () => "Query key condition not supported";
export const keyConditionMissedKey = (name: string) => `Query condition missed key schema element: ${name}`;
export const keyConditionOnePerKey = () => "KeyConditionExpressions must only contain one condition per key";
export const keyConditionNonKey = (name: string) => `Query condition missed key schema element: ${name}`;
export const queryNeedsKeyCondition = () => "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.";
export const selectSpecificWithoutProjection = () =>
  `${INVALID}: Select type SPECIFIC_ATTRIBUTES requires AttributesToGet or ProjectionExpression`; // unconfirmed
export const selectWithProjection = (select: string) =>
  `${INVALID}: Cannot specify the AttributesToGet when choosing to get ${select}`; // unconfirmed
export const selectAllProjectedOnTable = () =>
  `${INVALID}: Select type ALL_PROJECTED_ATTRIBUTES is not supported for the table. It is only supported for index`; // unconfirmed
export const consistentReadOnGsi = () => "Consistent reads are not supported on global secondary indexes";
export const exclusiveStartKeyInvalid = () => "The provided starting key is invalid: The provided key element does not match the schema";
export const exclusiveStartKeyOutside = () => "The provided starting key does not match the range key predicate";
export const segmentOutOfRange = (segment: number, total: number) =>
  `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`;
export const segmentWithoutTotal = () => "The TotalSegments parameter is required but was not present in the request when Segment parameter is present";
export const totalWithoutSegment = () => "The Segment parameter is required but was not present in the request when parameter TotalSegments is present";

// --- batches and transactions -------------------------------------------------------------
export const batchTooManyKeys = () => "Too many items requested for the BatchGetItem call";
export const batchDuplicateKeys = () => "Provided list of item keys contains duplicates";
export const batchWriteDuplicate = () => "Provided list of item keys contains duplicates";
export const batchWriteTooMany = () => "Too many items requested for the BatchWriteItem call"; // unconfirmed
export const batchWriteRequestEmpty = () =>
  "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"; // placeholder: not used
export const writeRequestShape = () => `${INVALID}: A WriteRequest must contain exactly one of PutRequest or DeleteRequest`; // unconfirmed
export const transactSameItem = () => "Transaction request cannot include multiple operations on one item";
export const transactOneAction = () =>
  "TransactItems can only contain one of Check, Put, Update or Delete"; // unconfirmed
export const transactCanceled = (codes: string[]) =>
  `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(", ")}]`;
export const idempotentMismatch = () =>
  "Request parameters do not match with previous request parameters for the given client request token"; // unconfirmed
export const transactReturnValues = () =>
  "ReturnValuesOnConditionCheckFailure is not supported for ConditionCheck without a ConditionExpression"; // unconfirmed
export const transactionTooLarge = () => "Transaction request size has exceeded the maximum allowed size of 4 MB"; // unconfirmed
export const batchWriteTooLarge = () => "Total size of the BatchWriteItem request has exceeded the maximum allowed size of 16 MB"; // unconfirmed
/** a transaction's Update whose new item is over 400 KB (the CancellationReason's Message) */
export const transactItemTooLarge = () => "Item size to update has exceeded the maximum allowed size";

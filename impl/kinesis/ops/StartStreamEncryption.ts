import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";

/**
 * Server-side encryption with a KMS key: the stream records EncryptionType KMS and the KeyId
 * and passes through UPDATING (for the status delay). KMS is not called: the key is neither
 * looked up nor checked (no KMSNotFoundException, KMSAccessDeniedException, ...), and record
 * data is kept as it came; records written from now on are marked encrypted.
 */
export const StartStreamEncryption =
  (k: Kinesis): KinesisHandlers["StartStreamEncryption"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    if (input.EncryptionType !== "KMS") throw new errors.InvalidArgumentException(messages.encryptionTypeNone());
    if (stream.status !== "ACTIVE") {
      throw new errors.ResourceInUseException(messages.streamNotActive(stream.name, k.state(ctx).account, stream.status));
    }
    stream.encryptionType = "KMS";
    stream.keyId = input.KeyId;
    k.transition(stream, "UPDATING", () => {
      stream.status = "ACTIVE";
    });
  };

import type { KinesisHandlers } from "../../../generated/kinesis/index.ts";
import { errors } from "../../../generated/kinesis/index.ts";
import * as messages from "../messages.ts";
import type { Kinesis } from "../service.ts";

/**
 * Back to EncryptionType NONE, through UPDATING. As with StartStreamEncryption, KMS is not
 * involved: the KeyId given is not checked against the stream's.
 */
export const StopStreamEncryption =
  (k: Kinesis): KinesisHandlers["StopStreamEncryption"] =>
  async (input, ctx) => {
    const stream = k.stream(ctx, input);
    if (stream.status !== "ACTIVE") {
      throw new errors.ResourceInUseException(messages.streamNotActive(stream.name, k.state(ctx).account, stream.status));
    }
    stream.encryptionType = "NONE";
    stream.keyId = undefined;
    k.transition(stream, "UPDATING", () => {
      stream.status = "ACTIVE";
    });
  };

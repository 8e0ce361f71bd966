// Amazon S3: each user's files live under users/<their identity id>/ and belong to them alone;
// no other rule exists, so signed-out and other users reach nothing
// (https://docs.amplify.aws/react/build-a-backend/storage/authorization/).
import { defineStorage } from "@aws-amplify/backend";

export const storage = defineStorage({
  name: "files",
  access: (allow) => ({
    "users/{entity_id}/*": [allow.entity("identity").to(["read", "write", "delete"])],
  }),
});

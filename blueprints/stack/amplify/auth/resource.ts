// Amazon Cognito: users sign up and sign in with their email address
// (https://docs.amplify.aws/react/build-a-backend/auth/).
import { defineAuth } from "@aws-amplify/backend";

export const auth = defineAuth({
  loginWith: {
    email: true,
  },
});

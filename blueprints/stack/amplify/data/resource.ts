// The data model: AppSync serves it over GraphQL, DynamoDB stores it
// (https://docs.amplify.aws/react/build-a-backend/data/). An Item belongs to the user who
// creates it: allow.owner() adds an `owner` field that AppSync fills in with the signed-in
// user's identity and lets only that user read, update and delete the item. There is no
// rule for anyone else, so other users and anonymous callers get nothing.
import { a, defineData, type ClientSchema } from "@aws-amplify/backend";

const schema = a.schema({
  Item: a
    .model({
      title: a.string().required(),
      done: a.boolean().required().default(false),
    })
    .authorization((allow) => [allow.owner()]),
});

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: "userPool",
  },
});

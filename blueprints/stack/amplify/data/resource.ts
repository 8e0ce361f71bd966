// The data model: AppSync serves it over GraphQL, DynamoDB stores it
// (https://docs.amplify.aws/react/build-a-backend/data/). An Item belongs to the user who
// creates it: allow.owner() keeps the signed-in user's identity in its `owner` field and lets
// only that user read, update and delete the item. The `owner` field's own rule keeps owners
// from handing an item to someone else (without it, an owner may rewrite the field). There is
// no rule for anyone else, so other users and anonymous callers get nothing.
import { a, defineData, type ClientSchema } from "@aws-amplify/backend";

const schema = a.schema({
  Item: a
    .model({
      title: a.string().required(),
      done: a.boolean().required().default(false),
      owner: a.string().authorization((allow) => [allow.owner().to(["read", "delete"])]),
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
